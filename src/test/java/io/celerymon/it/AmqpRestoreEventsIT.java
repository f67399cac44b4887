package io.celerymon.it;

/** {@code events --restore} with blocked gevent workers on a RabbitMQ vhost of its own. */
class AmqpRestoreEventsIT extends RestoreEventsContract {
    @Override
    TestBroker openBroker() {
        return TestBroker.ownVhost();
    }
}

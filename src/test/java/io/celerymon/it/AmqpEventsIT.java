package io.celerymon.it;

/** {@code celerymon events} on a RabbitMQ vhost of its own. */
class AmqpEventsIT extends EventsContract {
    @Override
    TestBroker openBroker() {
        return TestBroker.ownVhost();
    }
}

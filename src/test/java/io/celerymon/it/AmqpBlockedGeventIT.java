package io.celerymon.it;

/** Blocked gevent hub on a RabbitMQ vhost of its own. */
class AmqpBlockedGeventIT extends BlockedGeventContract {
    @Override
    TestBroker openBroker() {
        return TestBroker.ownVhost();
    }
}

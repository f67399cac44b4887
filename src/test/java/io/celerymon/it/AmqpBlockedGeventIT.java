package io.celerymon.it;

import io.celerymon.testsupport.RabbitVhost;

/** Blocked gevent hub on a RabbitMQ vhost of its own. */
class AmqpBlockedGeventIT extends BlockedGeventContract {
    private RabbitVhost vhost;

    @Override
    String openBroker() {
        vhost = RabbitVhost.create();
        return vhost.amqpUrl();
    }

    @Override
    void closeBroker() {
        if (vhost != null) {
            vhost.close();
        }
    }
}

package io.celerymon.it;

import io.celerymon.testsupport.RabbitVhost;

/** The broker namespace a test cluster runs in; closing it removes what the test created there. */
interface TestBroker extends AutoCloseable {

    String url();

    @Override
    void close();

    /** Redis db 1, Dify's broker db; the harness removes each worker's keys when it stops. */
    static TestBroker redisDb1() {
        return new TestBroker() {
            @Override
            public String url() {
                return "redis://127.0.0.1:6379/1";
            }

            @Override
            public void close() {
            }
        };
    }

    /** A RabbitMQ vhost of the test's own, deleted with everything in it. */
    static TestBroker ownVhost() {
        RabbitVhost vhost = RabbitVhost.create();
        return new TestBroker() {
            @Override
            public String url() {
                return vhost.amqpUrl();
            }

            @Override
            public void close() {
                vhost.close();
            }
        };
    }
}

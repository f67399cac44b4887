package io.celerymon.it;

import io.celerymon.testsupport.RabbitVhost;
import io.celerymon.testsupport.RedisDb;

/** The broker namespace a test cluster runs in; closing it removes what the test created there. */
interface TestBroker extends AutoCloseable {

    String url();

    /**
     * What celerymon could have left behind: Redis keys and binding members of reply queues and
     * event queues; RabbitMQ reply and event queues. Workers here run without gossip, so none of
     * theirs match.
     */
    java.util.Set<String> celerymonLeftovers();

    @Override
    void close();

    private static boolean ours(String name) {
        return name.contains(".reply.celery.pidbox") || name.contains("celeryev");
    }

    /** Redis db 1, Dify's broker db; the harness removes each worker's keys when it stops. */
    static TestBroker redisDb1() {
        return redisDb(1);
    }

    /**
     * A Redis db of the shared server for a test class that must see only its own workers (a
     * diagnose run judges every worker registered in the db); the harness removes each worker's keys.
     */
    static TestBroker redisDb(int number) {
        return new TestBroker() {
            @Override
            public String url() {
                return "redis://127.0.0.1:6379/" + number;
            }

            @Override
            public java.util.Set<String> celerymonLeftovers() {
                try (RedisDb db = RedisDb.shared(number)) {
                    java.util.Set<String> found = new java.util.TreeSet<>();
                    db.keys().stream().filter(TestBroker::ours).forEach(found::add);
                    db.bindings().values().forEach(members -> members.stream().filter(TestBroker::ours)
                            .forEach(found::add));
                    return found;
                }
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
            public java.util.Set<String> celerymonLeftovers() {
                java.util.Set<String> found = new java.util.TreeSet<>();
                vhost.queues().stream().filter(TestBroker::ours).forEach(found::add);
                return found;
            }

            @Override
            public void close() {
                vhost.close();
            }
        };
    }
}

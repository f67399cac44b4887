package io.celerymon.it;

/** {@code events --restore} with blocked gevent workers on Redis db 1. */
class RedisRestoreEventsIT extends RestoreEventsContract {
    @Override
    TestBroker openBroker() {
        return TestBroker.redisDb1();
    }
}

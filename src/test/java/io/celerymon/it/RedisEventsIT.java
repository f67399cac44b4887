package io.celerymon.it;

/** {@code celerymon events} on Redis db 1. */
class RedisEventsIT extends EventsContract {
    @Override
    TestBroker openBroker() {
        return TestBroker.redisDb1();
    }
}

package io.celerymon.it;

/** Blocked gevent hub on Redis db 1. */
class RedisBlockedGeventIT extends BlockedGeventContract {
    @Override
    TestBroker openBroker() {
        return TestBroker.redisDb1();
    }
}

package io.celerymon.it;

/** Blocked gevent hub on Redis db 1. */
class RedisBlockedGeventIT extends BlockedGeventContract {
    @Override
    String openBroker() {
        return "redis://127.0.0.1:6379/1";
    }

    @Override
    void closeBroker() {
    }
}

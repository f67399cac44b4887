package io.celerymon.it;

/** celerymon in shell pipelines on Redis db 1. */
class RedisEventsPipeIT extends EventsPipeContract {
    @Override
    TestBroker openBroker() {
        return TestBroker.redisDb1();
    }
}

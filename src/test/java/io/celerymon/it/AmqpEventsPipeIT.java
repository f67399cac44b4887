package io.celerymon.it;

/** celerymon in shell pipelines on a RabbitMQ vhost of its own. */
class AmqpEventsPipeIT extends EventsPipeContract {
    @Override
    TestBroker openBroker() {
        return TestBroker.ownVhost();
    }
}

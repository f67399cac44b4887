package io.celerymon.it;

/** diagnose on a RabbitMQ vhost of its own. */
class AmqpDiagnoseIT extends DiagnoseContract {

    @Override
    TestBroker openBroker() {
        return TestBroker.ownVhost();
    }

    @Override
    void removeQueue(String queue) {
        // The vhost, and the queue in it, is deleted with the class.
    }
}

package io.celerymon.it;

import io.celerymon.testsupport.CeleryCluster;
import io.celerymon.testsupport.CeleryPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One real Celery cluster per test class, on a broker the subclass picks, stopped by PID after. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterTest {

    TestBroker broker;
    CeleryCluster cluster;
    CelerymonRunner celerymon;

    abstract TestBroker openBroker();

    abstract CeleryPool[] pools();

    @BeforeAll
    void startCluster() {
        broker = openBroker();
        cluster = CeleryCluster.start(broker.url(), pools());
        celerymon = new CelerymonRunner(broker.url());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}

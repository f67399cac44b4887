package io.celerymon.it;

import io.celerymon.testsupport.CeleryAppConfig;
import io.celerymon.testsupport.CeleryCluster;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryVersion;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One real Celery cluster per test class, on a broker the subclass picks, stopped by PID after; or,
 * when {@link #shared} gives one, the cluster an enclosing class owns and several contracts use in turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterTest {

    /**
     * A shared cluster may come from a contract that left a gevent hub spinning (up to 40 s) or a
     * worker starting; every live worker must answer again before the next contract starts.
     */
    private static final Duration SHARED_READY = Duration.ofSeconds(60);

    TestBroker broker;
    CeleryCluster cluster;
    CelerymonRunner celerymon;
    private boolean owned;

    /** The broker of the class's own cluster; a class on a {@link #shared} cluster uses that one's. */
    TestBroker openBroker() {
        throw new IllegalStateException(getClass().getSimpleName() + " starts a cluster of its own: it must say on"
                + " which broker (openBroker)");
    }

    abstract CeleryPool[] pools();

    /** The Celery the class's own cluster runs: Debian 12's 5.2 unless a subclass says otherwise. */
    CeleryVersion celery() {
        return CeleryVersion.V5_2;
    }

    /** A cluster shared with other contracts, owned by an enclosing class; empty: start one of this class's own. */
    Optional<SharedCluster> shared() {
        return Optional.empty();
    }

    @BeforeAll
    void startCluster() {
        Optional<SharedCluster> given = shared();
        if (given.isPresent()) {
            broker = given.get().broker();
            cluster = given.get().cluster();
            cluster.awaitPingable(SHARED_READY);
        } else {
            owned = true;
            broker = openBroker();
            cluster = CeleryCluster.start(CeleryAppConfig.of(broker.url()).withCelery(celery()), pools());
        }
        celerymon = new CelerymonRunner(broker.url());
    }

    @AfterAll
    void stopCluster() {
        if (celerymon != null) {
            celerymon.close();
        }
        if (!owned) {
            return;
        }
        if (cluster != null) {
            cluster.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}

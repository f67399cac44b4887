package io.celerymon.it;

import io.celerymon.testsupport.CeleryAppConfig;
import io.celerymon.testsupport.CeleryCluster;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryVersion;

/**
 * One broker namespace and one cluster of one Celery version that several contracts run against in
 * turn (see {@link ClusterTest#shared}): starting workers is the expensive part on two cores.
 */
record SharedCluster(TestBroker broker, CeleryCluster cluster) implements AutoCloseable {

    /** Opens the broker and starts one worker per pool; the broker is closed again if the workers fail. */
    static SharedCluster start(TestBroker broker, CeleryVersion version, CeleryPool... pools) {
        try {
            version.require();
            return new SharedCluster(broker, CeleryCluster.start(CeleryAppConfig.of(broker.url()).withCelery(version),
                    pools));
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            broker.close();
        }
    }
}

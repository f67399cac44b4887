package io.celerymon.it;

import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CeleryVersion;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;

/**
 * The inspect, status, events and diagnose contracts against real Celery 5.5 workers (Debian 13's
 * 5.5.2, kombu 5.5.3, redis-py 6.1) of every pool, on a RabbitMQ vhost of its own: one cluster for all three, so
 * that Celery 5.5 costs CI one worker start-up per broker. Diagnose goes last: it blocks the gevent
 * hub and kills the threads worker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class Celery55AmqpIT {

    private SharedCluster shared;

    @BeforeAll
    void startCluster() {
        shared = SharedCluster.start(TestBroker.ownVhost(), CeleryVersion.V5_5, CeleryPool.values());
    }

    @AfterAll
    void stopCluster() {
        if (shared != null) {
            shared.close();
        }
    }

    @Nested
    @Order(1)
    class Inspect extends InspectContract {
        @Override
        Optional<SharedCluster> shared() {
            return Optional.of(shared);
        }
    }

    @Nested
    @Order(2)
    class Events extends EventsContract {
        @Override
        Optional<SharedCluster> shared() {
            return Optional.of(shared);
        }
    }

    @Nested
    @Order(3)
    class Diagnose extends DiagnoseContract {
        @Override
        Optional<SharedCluster> shared() {
            return Optional.of(shared);
        }

        @Override
        void removeQueue(String queue) {
            // The vhost, and the queue in it, is deleted with the cluster.
        }
    }
}

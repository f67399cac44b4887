package io.celerymon.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.celerymon.testsupport.CeleryAppConfig;
import io.celerymon.testsupport.CeleryCluster;
import io.celerymon.testsupport.CeleryPool;
import io.celerymon.testsupport.CommandResult;
import org.junit.jupiter.api.Test;

/** Worker settings that change the wire: serializer, key prefix, control exchange. */
class WorkerSettingsIT {

    private static final String REDIS_URL = "redis://127.0.0.1:6379/1";

    @Test
    void aPickleReplyIsReportedForItsWorkerAndNeverDecoded() {
        try (CeleryCluster cluster = CeleryCluster.start(CeleryAppConfig.of(REDIS_URL).withTaskSerializer("pickle"),
                CeleryPool.SOLO);
             CelerymonRunner celerymon = new CelerymonRunner(REDIS_URL)) {
            String worker = cluster.workers().get(0).hostname();
            JsonNode doc = celerymon.json(1, "inspect", "ping", "-d", worker, "-t", "3");
            assertThat(doc.get("replies").has(worker)).isFalse();
            assertThat(doc.get("errors").get(worker).asText()).contains("pickle");
            assertThat(doc.get("missing")).isEmpty();
        }
    }

    @Test
    void keyPrefixAndControlExchangeMustMatchTheWorkers() {
        CeleryAppConfig app = CeleryAppConfig.of(REDIS_URL).withKeyPrefix("cmpfx:").withControlExchange("cmctl");
        try (CeleryCluster cluster = CeleryCluster.start(app, CeleryPool.THREADS);
             CelerymonRunner celerymon = new CelerymonRunner(REDIS_URL)) {
            String worker = cluster.workers().get(0).hostname();
            JsonNode doc = celerymon.json(0, "inspect", "ping", "--key-prefix", "cmpfx:", "--control-exchange", "cmctl",
                    "-t", "3");
            assertThat(InspectContract.names(doc.get("replies"))).containsExactly(worker);
            assertThat(doc.get("expected").get("source").asText()).isEqualTo("binding_set");
            CommandResult plain = celerymon.run("inspect", "ping", "-d", worker, "-t", "1");
            assertThat(plain.exitCode()).as(plain.describe()).isEqualTo(3);
        }
    }
}

package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProbeReportParserTest {

    @Test
    void readsTheReportAndMasksWhatTheProbeDidNot() {
        String json = """
                {"probe_version": 1, "python": {"executable": "/usr/bin/python3", "version": "3.11.2"},
                 "packages": {"celery": "5.2.6", "kombu": "5.2.4", "flower": null},
                 "requires": {"celery": ["kombu<6.0,>=5.2.3"]},
                 "environment": {"CELERY_BROKER_URL": "redis://:leak1@h:6379/1", "CELERY_API_TOKEN": "tok"},
                 "app": {"spec": "app:celery", "imported": true, "error": null, "app_found": true, "import_ms": 3.5,
                         "patched": {"gevent": ["socket", "select"], "eventlet": []},
                         "patched_before_import": false, "patched_during_import": true,
                         "late_patch_evidence": ["kombu kept select"], "monkey_patch_warnings": [],
                         "drivers": [{"name": "psycopg2", "gevent_integration": "absent"}],
                         "settings": {"broker_url": "amqp://u:leak2@h//", "accept_content": ["json"],
                                      "worker_pool": "gevent"}}}
                """;
        ProbeReport report = new ProbeReportParser().parse(json);
        assertThat(report.version("celery")).isEqualTo("5.2.6");
        assertThat(report.packages()).containsEntry("flower", null);
        assertThat(report.celeryRequires()).containsExactly("kombu<6.0,>=5.2.3");
        assertThat(report.environment()).containsEntry("CELERY_BROKER_URL", "redis://:****@h:6379/1")
                .containsEntry("CELERY_API_TOKEN", "********");
        AppProbe app = report.app();
        assertThat(app.latePatch()).isTrue();
        assertThat(app.geventPatched()).containsExactly("socket", "select");
        assertThat(app.drivers()).containsExactly(new DriverUse("psycopg2", "absent"));
        assertThat(app.setting("broker_url")).isEqualTo("amqp://u:****@h//");
        assertThat(app.setting("worker_pool")).isEqualTo("gevent");
        assertThat(report.toString()).doesNotContain("leak1").doesNotContain("leak2").doesNotContain("tok,");
    }

    @Test
    void anImportErrorLosesTheSecretsItQuotesAndATransportOptionsDocumentItsPassword() {
        String json = """
                {"probe_version": 1, "packages": {"celery": "5.2.6"},
                 "environment": {"CELERY_BROKER_TRANSPORT_OPTIONS": "{\\"sentinel_kwargs\\": {\\"password\\": \\"snt1\\"}}"},
                 "app": {"spec": "leaky", "imported": false, "app_found": false,
                         "error": "RuntimeError: cannot start: password=pw1 token=tk1 api_key: ak1 SECRET_KEY='sk1'"}}
                """;
        ProbeReport report = new ProbeReportParser().parse(json);

        assertThat(report.app().error()).startsWith("RuntimeError: cannot start: password=****");
        assertThat(report.environment().get("CELERY_BROKER_TRANSPORT_OPTIONS")).contains("sentinel_kwargs");
        assertThat(report.toString()).doesNotContain("pw1", "tk1", "ak1", "sk1", "snt1");
    }

    @Test
    void rejectsWhatIsNotAReport() {
        assertThatThrownBy(() -> new ProbeReportParser().parse("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeReportParser().parse("[1]")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.celerymon.envcheck;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records for rule and renderer tests. */
final class Fixtures {
    private Fixtures() {
    }

    static ScannedProcess process(long pid, ProcessRole role, String app, String pool, boolean events,
            Set<GreenLibrary> green, int threads, List<ListeningSocket> listening, Map<String, String> env) {
        return new ScannedProcess(pid, role, app, pool, null, events, "/usr/bin/python3.11", green,
                green.isEmpty() ? List.of() : List.of("_greenlet.cpython-311-x86_64-linux-gnu.so"), threads, listening,
                env);
    }

    static ProcessScan scan(ScannedProcess... processes) {
        return new ProcessScan(List.of(processes), 0, true, 500);
    }

    static ProbeRequest request(String app) {
        return new ProbeRequest("/usr/bin/python3", app, Duration.ofSeconds(5), Path.of("/tmp"), Map.of());
    }

    static AppProbe app(String spec, List<String> gevent, boolean during, List<String> late, Map<String, Object> settings,
            List<DriverUse> drivers) {
        return new AppProbe(spec, true, true, null, true, "module.attribute", "celery.app.base.Celery", 12.5, gevent, List.of(), false, during, late, List.of(), drivers,
                settings);
    }

    static ProbeResult completed(AppProbe app, Map<String, String> env, String celery, String kombu) {
        Map<String, String> packages = new java.util.LinkedHashMap<>();
        packages.put("celery", celery);
        packages.put("kombu", kombu);
        packages.put("flower", null);
        return new ProbeResult(request(app == null ? null : app.spec()), ProbeResult.Status.COMPLETED, 0, 300, null, "",
                new ProbeReport("/usr/bin/python3", "3.11.2", packages, List.of(), env, app));
    }
}

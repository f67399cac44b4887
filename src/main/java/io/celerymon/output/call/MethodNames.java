package io.celerymon.output.call;

import java.util.Map;

/** Maps Celery's method aliases to the name the renderers know the reply shape by. */
final class MethodNames {
    private static final Map<String, String> ALIASES = Map.of(
            "dump_conf", "conf",
            "dump_active", "active",
            "dump_reserved", "reserved",
            "dump_schedule", "scheduled",
            "dump_revoked", "revoked",
            "dump_tasks", "registered");

    private MethodNames() {
    }

    static String canonical(String method) {
        if (method == null) {
            return "";
        }
        return ALIASES.getOrDefault(method, method);
    }
}

package io.celerymon.envcheck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.secrets.SecretJson;
import io.celerymon.secrets.SecretText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the probe's JSON document into a {@link ProbeReport}. Every string is masked again here,
 * whatever the probe did: the probe runs foreign code, and its output is not trusted with secrets.
 */
final class ProbeReportParser {
    private final ObjectMapper mapper = new ObjectMapper();

    /** The report, or {@link IllegalArgumentException} saying why the text is not one. */
    ProbeReport parse(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the probe did not print a JSON document");
        }
        if (root == null || !root.isObject() || !root.path("packages").isObject()) {
            throw new IllegalArgumentException("the probe printed JSON that is not its report");
        }
        Map<String, String> packages = new LinkedHashMap<>();
        root.path("packages").properties().forEach(e -> packages.put(e.getKey(), text(e.getValue())));
        Map<String, String> environment = new LinkedHashMap<>();
        root.path("environment").properties().forEach(e ->
                environment.put(e.getKey(), RelevantEnvironment.mask(e.getKey(), e.getValue().asText())));
        JsonNode app = root.path("app");
        return new ProbeReport(text(root.path("python").path("executable")), text(root.path("python").path("version")),
                packages, strings(root.path("requires").path("celery")), environment,
                app.isObject() ? app(app) : null, process(root.path("process")));
    }

    private static ProbeReport.ProbeProcess process(JsonNode process) {
        if (!process.isObject()) {
            return null;
        }
        return new ProbeReport.ProbeProcess(process.path("pid").asLong(-1), process.path("uid").asInt(-1),
                process.path("gid").asInt(-1), text(process.path("cwd")));
    }

    private AppProbe app(JsonNode app) {
        List<DriverUse> drivers = new ArrayList<>();
        app.path("drivers").forEach(d -> drivers.add(new DriverUse(text(d.path("name")),
                d.path("gevent_integration").asText("unknown"))));
        Map<String, Object> settings = new LinkedHashMap<>();
        JsonNode redacted = SecretJson.redact(app.path("settings"));
        if (redacted.isObject()) {
            redacted.properties().forEach(e -> settings.put(e.getKey(), mapper.convertValue(e.getValue(), Object.class)));
        }
        return new AppProbe(text(app.path("spec")), app.path("celery_importable").asBoolean(true),
                app.path("imported").asBoolean(), errorText(app.path("error")), app.path("app_found").asBoolean(),
                text(app.path("form")), text(app.path("app_type")), app.path("import_ms").asDouble(),
                strings(app.path("patched").path("gevent")), strings(app.path("patched").path("eventlet")),
                app.path("patched_before_import").asBoolean(), app.path("patched_during_import").asBoolean(),
                strings(app.path("late_patch_evidence")), strings(app.path("monkey_patch_warnings")), drivers,
                settings);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(SecretText.mask(v.asText())));
        return values;
    }

    /** An import error quotes the app's own code or settings, where secrets are assigned rather than put in URLs. */
    private static String errorText(JsonNode node) {
        return SecretText.maskAssignments(text(node));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : SecretText.mask(node.asText());
    }
}

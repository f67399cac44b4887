package io.celerymon.testsupport;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.celerymon.inspect.CallResult;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.IgnoredReplies;
import io.celerymon.inspect.WorkerReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test vectors: what {@code celery inspect <method> --json} printed for five 5.2.6 workers. */
public final class Captures {
    /** Parses the way the protocol layer does: Python's NaN and Infinity are accepted. */
    public static final ObjectMapper PYTHON_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    /** A strict parser, standing in for jq: bare NaN is refused. */
    public static final ObjectMapper STRICT_JSON = new ObjectMapper();

    private Captures() {
    }

    /** The whole capture, host to reply, in the order the workers appear in the file. */
    public static JsonNode load(String method) {
        return parse(text("replies-5.2.6/" + method + ".json"));
    }

    public static String text(String resource) {
        try (InputStream in = Captures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return PYTHON_JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode strict(String json) {
        try {
            return STRICT_JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every worker of the capture replied; latencies 1.04, 2.04, ... ms in file order. */
    public static CallResult allReplied(String method) {
        List<WorkerReply> replies = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, JsonNode> e : load(method).properties()) {
            i++;
            replies.add(new WorkerReply(e.getKey(), e.getValue(), null, i + 0.04));
            names.add(e.getKey());
        }
        return new CallResult(method, "redis://127.0.0.1:6379/0", 12.34, replies, List.of(),
                List.of(), new ExpectedWorkers(ExpectedWorkers.Source.BINDING_SET, names, names.size()),
                IgnoredReplies.NONE);
    }

    /**
     * A ping where prefork@lab answered, threads@lab answered with an error, solo@lab sent a
     * reply that could not be decoded, gevent@lab stayed silent and old@lab is a stale pidbox.
     */
    public static CallResult mixedPing() {
        List<WorkerReply> replies = List.of(
                new WorkerReply("prefork@lab", parse("{\"ok\": \"pong\"}"), null, 1.25),
                new WorkerReply("threads@lab", parse("{\"error\": \"KeyError('x')\"}"),
                        "KeyError('x')", 12.345),
                new WorkerReply("solo@lab", null, "worker replies with pickle: not supported", 130.0));
        return new CallResult("ping", "redis://127.0.0.1:6379/0", 1003.26, replies,
                List.of("gevent@lab"), List.of("old@lab"),
                new ExpectedWorkers(ExpectedWorkers.Source.BINDING_SET,
                        List.of("prefork@lab", "threads@lab", "solo@lab", "gevent@lab"), 4),
                new IgnoredReplies(1, 0, 0, 2));
    }

    /** Hosts of a JSON object, in document order. */
    public static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.properties().forEach(e -> keys.add(e.getKey()));
        return keys;
    }
}

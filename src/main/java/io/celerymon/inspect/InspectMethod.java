package io.celerymon.inspect;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read-only inspect methods of Celery 5.x's remote-control panel (protocol.md 5.2). */
public enum InspectMethod {
    PING("ping", "check that workers answer"),
    STATS("stats", "pool, broker, rusage and task counters"),
    ACTIVE("active", "tasks executing now"),
    SCHEDULED("scheduled", "tasks with an ETA or countdown"),
    RESERVED("reserved", "tasks prefetched, not yet started"),
    REVOKED("revoked", "ids of revoked tasks the worker remembers"),
    REGISTERED("registered", "task names the worker knows"),
    ACTIVE_QUEUES("active_queues", "queues the worker consumes from"),
    CONF("conf", "the worker's configuration (censored by Celery)"),
    REPORT("report", "Celery's bug-report text"),
    QUERY_TASK("query_task", "the state of task ids: query_task ID [ID ...]"),
    CLOCK("clock", "the worker's logical clock"),
    MEMSAMPLE("memsample", "a sample of the worker's RSS (needs psutil)"),
    MEMDUMP("memdump", "the worker's memory samples");

    private final String wireName;
    private final String summary;

    InspectMethod(String wireName, String summary) {
        this.wireName = wireName;
        this.summary = summary;
    }

    public String wireName() {
        return wireName;
    }

    public String summary() {
        return summary;
    }

    /**
     * The keyword arguments Celery's own CLI sends for these positional arguments, so replies are
     * the same as {@code celery inspect <method> ARGS}; throws IllegalArgumentException if the
     * method takes no such arguments.
     */
    public Map<String, Object> arguments(List<String> args) {
        switch (this) {
            case QUERY_TASK -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException("query_task needs at least one task id");
                }
                return Map.of("ids", List.copyOf(args));
            }
            case REGISTERED -> {
                return Map.of("taskinfoitems", List.copyOf(args));
            }
            case MEMDUMP -> {
                return args.isEmpty() ? Map.of() : Map.of("samples", parseInt(args));
            }
            case CONF -> {
                return args.isEmpty() ? Map.of() : Map.of("with_defaults", parseBool(args));
            }
            default -> {
                if (!args.isEmpty()) {
                    throw new IllegalArgumentException(wireName + " takes no arguments (got " + String.join(" ", args) + ")");
                }
                return Map.of();
            }
        }
    }

    private int parseInt(List<String> args) {
        if (args.size() > 1) {
            throw new IllegalArgumentException(wireName + " takes one argument");
        }
        try {
            return Integer.parseInt(args.get(0));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(wireName + " takes a whole number, not '" + args.get(0) + "'");
        }
    }

    // Python's strtobool, which Celery's CLI uses for with_defaults.
    private boolean parseBool(List<String> args) {
        if (args.size() > 1) {
            throw new IllegalArgumentException(wireName + " takes one argument");
        }
        return switch (args.get(0).toLowerCase(java.util.Locale.ROOT)) {
            case "y", "yes", "t", "true", "on", "1" -> true;
            case "n", "no", "f", "false", "off", "0" -> false;
            default -> throw new IllegalArgumentException(wireName + " takes true or false, not '" + args.get(0) + "'");
        };
    }

    public static Optional<InspectMethod> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }
}

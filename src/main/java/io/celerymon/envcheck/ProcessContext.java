package io.celerymon.envcheck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a process lives: its PID as each PID namespace sees it, its user and group, its working
 * directory, and its namespaces — so a process in a container is recognised from the host and a
 * probe can be run in its context.
 *
 * @param pids the PID in each PID namespace it belongs to, this host's first ({@code NSpid}); one
 *     entry when it shares ours
 * @param uid its effective user id, or -1 when unknown
 * @param gid its effective group id, or -1 when unknown
 * @param cwd its working directory as it sees it, or null when unreadable
 * @param namespaces kind ({@code pid}, {@code mnt}, {@code net}) → namespace ({@code net:[4026532281]}), as readable
 * @param foreign the kinds whose namespace is not this process's own
 * @param startTime when it started, in clock ticks after boot ({@code stat} field 22), or -1: with the PID,
 *     what tells it from a later process that reuses the PID
 */
public record ProcessContext(List<Long> pids, int uid, int gid, String cwd, Map<String, String> namespaces,
        List<String> foreign, long startTime) {
    /** The namespace kinds that matter here. */
    public static final List<String> KINDS = List.of("pid", "mnt", "net");

    public ProcessContext {
        pids = List.copyOf(pids);
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        foreign = List.copyOf(foreign);
    }

    /** Nothing known beyond the PID (tests, and processes whose status could not be read). */
    public static ProcessContext unknown(long pid) {
        return new ProcessContext(List.of(pid), -1, -1, null, Map.of(), List.of(), -1);
    }

    /** Whether it runs in a namespace of its own (a container), as far as could be read. */
    public boolean containerised() {
        return !foreign.isEmpty();
    }

    /** Whether its network namespace is not ours. */
    public boolean foreignNet() {
        return foreign.contains("net");
    }

    /** Its PID as its own (innermost) PID namespace sees it. */
    public long innerPid() {
        return pids.get(pids.size() - 1);
    }
}

package io.celerymon.envcheck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What /proc tells about one Celery worker, beat or Flower process (or a process named with
 * {@code --pid}). Secrets in the environment are already masked.
 *
 * @param pid the process id
 * @param role worker, beat, flower or other
 * @param app {@code -A}, or null
 * @param pool {@code -P}, or null (Celery's default, prefork)
 * @param nodeName {@code -n/--hostname}, or null
 * @param events whether a worker runs with {@code -E}
 * @param interpreter the executable ({@code /proc/PID/exe}), or null when it cannot be read
 * @param greenLibraries the green-thread libraries whose compiled modules are mapped
 * @param greenModules the mapped compiled modules of those libraries (file names, sorted)
 * @param threads the number of OS threads at the last sample
 * @param listening the TCP sockets it listens on, with the accept queue at each sample
 * @param environment the variables that matter (GEVENT_*, EVENTLET_*, CELERY_*, FLASK_DEBUG, DEBUG), masked
 * @param hub the main thread across both samples, and the verdict on it
 * @param threadStates every OS thread (up to 256) at the last sample, compactly
 * @param context its PIDs, user, working directory and namespaces (a container's process is not in ours)
 */
public record ScannedProcess(long pid, ProcessRole role, String app, String pool, String nodeName, boolean events,
        String interpreter, Set<GreenLibrary> greenLibraries, List<String> greenModules, int threads,
        List<ListeningSocket> listening, Map<String, String> environment, HubState hub,
        List<ThreadBrief> threadStates, ProcessContext context) {

    public ScannedProcess {
        greenLibraries = Set.copyOf(greenLibraries);
        greenModules = List.copyOf(greenModules);
        listening = List.copyOf(listening);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        hub = hub == null ? HubState.notSampled(pid) : hub;
        threadStates = threadStates == null ? List.of() : List.copyOf(threadStates);
        context = context == null ? ProcessContext.unknown(pid) : context;
    }

    /** A process whose threads were not sampled (tests, and records built from elsewhere). */
    public ScannedProcess(long pid, ProcessRole role, String app, String pool, String nodeName, boolean events,
            String interpreter, Set<GreenLibrary> greenLibraries, List<String> greenModules, int threads,
            List<ListeningSocket> listening, Map<String, String> environment) {
        this(pid, role, app, pool, nodeName, events, interpreter, greenLibraries, greenModules, threads, listening,
                environment, null, null, null);
    }

    /** The same process with its hub's state replaced (tests and what-if renderings). */
    public ScannedProcess withHub(HubState newHub) {
        return new ScannedProcess(pid, role, app, pool, nodeName, events, interpreter, greenLibraries, greenModules,
                threads, listening, environment, newHub, threadStates, context);
    }

    /** Whether gevent's or eventlet's machinery is loaded (greenlet alone counts: eventlet is pure Python). */
    public boolean greenLoaded() {
        return !greenLibraries.isEmpty();
    }

    /** The subject findings about this process carry: {@code pid <N>}. */
    public String subject() {
        return "pid " + pid;
    }
}

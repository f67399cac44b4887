package io.celerymon.output.envcheck;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.envcheck.GreenLibrary;
import io.celerymon.envcheck.HubSample;
import io.celerymon.envcheck.HubState;
import io.celerymon.envcheck.ListeningSocket;
import io.celerymon.envcheck.ProcessContext;
import io.celerymon.envcheck.ScannedProcess;
import io.celerymon.envcheck.ThreadBrief;
import io.celerymon.envcheck.WaitTarget;
import io.celerymon.output.OutputJson;
import io.celerymon.secrets.SecretText;

/**
 * A process from the /proc scan as JSON, the same in env-check's {@code processes} and diagnose's
 * {@code local_processes}: pid, role, app, pool, node_name, events, interpreter, green_libraries,
 * green_modules, threads, listening (address, inode, accept_queue samples, never_drained), the
 * relevant environment, masked, the hub thread's verdict ({@code hub}) and every thread's state and
 * call at the last sample ({@code thread_states}).
 */
public final class ProcessDocuments {
    private final OutputJson json = new OutputJson();

    /** One scanned process. */
    public ObjectNode process(ScannedProcess p) {
        ObjectNode node = json.object();
        node.put("pid", p.pid());
        node.set("context", context(p.context()));
        node.put("role", p.role().label());
        node.put("app", p.app());
        node.put("pool", p.pool());
        node.put("node_name", p.nodeName());
        node.put("events", p.events());
        node.put("interpreter", p.interpreter());
        node.set("green_libraries", json.strings(p.greenLibraries().stream().sorted().map(GreenLibrary::label)
                .toList()));
        node.set("green_modules", json.strings(p.greenModules()));
        node.put("threads", p.threads());
        ArrayNode listening = node.putArray("listening");
        for (ListeningSocket socket : p.listening()) {
            ObjectNode s = listening.addObject();
            s.put("address", socket.address());
            s.put("inode", socket.inode());
            ArrayNode queue = s.putArray("accept_queue");
            socket.acceptQueue().forEach(queue::add);
            s.put("never_drained", socket.neverDrained());
        }
        ObjectNode env = node.putObject("environment");
        p.environment().forEach((k, v) -> env.put(k, SecretText.mask(v)));
        node.set("hub", hub(p.hub()));
        ArrayNode threads = node.putArray("thread_states");
        for (ThreadBrief t : p.threadStates()) {
            ObjectNode thread = threads.addObject();
            thread.put("tid", t.tid());
            thread.put("state", t.state());
            thread.put("syscall", t.syscall());
        }
        return node;
    }

    /** Where the process lives: PIDs per namespace, user, working directory, namespaces. */
    public ObjectNode context(ProcessContext context) {
        ObjectNode node = json.object();
        ArrayNode pids = node.putArray("pids");
        context.pids().forEach(pids::add);
        node.put("containerised", context.containerised());
        if (context.uid() >= 0) {
            node.put("uid", context.uid());
            node.put("gid", context.gid());
        } else {
            node.putNull("uid");
            node.putNull("gid");
        }
        node.put("cwd", context.cwd());
        ObjectNode namespaces = node.putObject("namespaces");
        context.namespaces().forEach(namespaces::put);
        node.set("foreign_namespaces", json.strings(context.foreign()));
        return node;
    }

    /** The hub thread: verdict, last state and call, CPU share, what a blocked call waits on, each sample. */
    public ObjectNode hub(HubState hub) {
        ObjectNode node = json.object();
        node.put("kind", hub.kind().label());
        node.put("library", hub.library());
        node.put("tid", hub.tid());
        node.put("state", hub.state());
        node.put("syscall", hub.syscall());
        node.put("wchan", hub.wchan());
        node.put("cpu_share", hub.cpuShareRounded());
        node.put("runnable_share", hub.runnableShareRounded());
        ArrayNode waits = node.putArray("waits_on");
        for (WaitTarget target : hub.waitsOn()) {
            ObjectNode w = waits.addObject();
            w.put("fd", target.fd());
            w.put("kind", target.kind());
            w.put("local", target.local());
            w.put("peer", target.peer());
            w.put("path", target.path());
        }
        ArrayNode samples = node.putArray("samples");
        for (HubSample sample : hub.samples()) {
            ObjectNode s = samples.addObject();
            s.put("state", sample.state());
            s.put("syscall", sample.syscall());
            s.put("wchan", sample.wchan());
            s.put("cpu_ticks", sample.cpuTicks());
        }
        node.put("interval_ms", hub.intervalMs());
        node.put("error", hub.error());
        return node;
    }
}

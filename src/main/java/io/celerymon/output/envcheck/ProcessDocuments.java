package io.celerymon.output.envcheck;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.envcheck.GreenLibrary;
import io.celerymon.envcheck.ListeningSocket;
import io.celerymon.envcheck.ScannedProcess;
import io.celerymon.output.OutputJson;
import io.celerymon.secrets.SecretText;

/**
 * A process from the /proc scan as JSON, the same in env-check's {@code processes} and diagnose's
 * {@code local_processes}: pid, role, app, pool, node_name, events, interpreter, green_libraries,
 * green_modules, threads, listening (address, inode, accept_queue samples, never_drained) and the
 * relevant environment, masked.
 */
public final class ProcessDocuments {
    private final OutputJson json = new OutputJson();

    /** One scanned process. */
    public ObjectNode process(ScannedProcess p) {
        ObjectNode node = json.object();
        node.put("pid", p.pid());
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
        return node;
    }
}

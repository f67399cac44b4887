package io.celerymon.output.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.celerymon.inspect.ExpectedWorkers;
import io.celerymon.inspect.IgnoredReplies;
import io.celerymon.output.Millis;
import io.celerymon.output.OutputJson;

/** JSON pieces shared by the call and status documents, so both spell them the same way. */
final class CallDocuments {
    private CallDocuments() {
    }

    /** Milliseconds rounded to 0.1; null when not finite. */
    static JsonNode millis(double ms) {
        return Double.isFinite(ms) ? DoubleNode.valueOf(Millis.round(ms)) : NullNode.instance;
    }

    /** {@code {"source","workers","count"}}. */
    static ObjectNode expected(OutputJson json, ExpectedWorkers expected) {
        ExpectedWorkers known = expected == null ? ExpectedWorkers.none() : expected;
        ObjectNode node = json.object();
        node.put("source", known.source().jsonName());
        node.set("workers", json.strings(known.names()));
        node.put("count", known.count());
        return node;
    }

    /** {@code {"duplicate","foreign_ticket","malformed","late"}}. */
    static ObjectNode ignored(OutputJson json, IgnoredReplies ignored) {
        IgnoredReplies counts = ignored == null ? IgnoredReplies.NONE : ignored;
        ObjectNode node = json.object();
        node.put("duplicate", counts.duplicate());
        node.put("foreign_ticket", counts.foreignTicket());
        node.put("malformed", counts.malformed());
        node.put("late", counts.late());
        return node;
    }
}

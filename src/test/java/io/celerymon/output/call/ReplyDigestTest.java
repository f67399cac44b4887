package io.celerymon.output.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.celerymon.testsupport.Captures;
import org.junit.jupiter.api.Test;

class ReplyDigestTest {

    private static String digest(String method, String host) {
        return ReplyDigest.of(method, Captures.load(method).get(host));
    }

    @Test
    void capturesOfEveryInspectMethod() {
        assertThat(digest("ping", "solo@lab")).isEqualTo("pong");
        assertThat(digest("stats", "prefork@lab")).isEqualTo("pool=prefork conc=2 pid=16228 uptime=250s tasks=2");
        assertThat(digest("stats", "gevent@lab")).isEqualTo("pool=gevent conc=10 pid=16237 uptime=250s tasks=5");
        assertThat(digest("stats", "eventlet@lab")).isEqualTo("pool=eventlet conc=10 pid=16240 uptime=249s tasks=1");
        assertThat(digest("active", "prefork@lab")).isEqualTo("1 task: tasks.sleep");
        assertThat(digest("active", "solo@lab")).isEqualTo("0 tasks");
        assertThat(digest("reserved", "solo@lab")).isEqualTo("0 tasks");
        assertThat(digest("scheduled", "solo@lab")).isEqualTo("0 scheduled");
        assertThat(digest("revoked", "solo@lab")).isEqualTo("0 revoked");
        assertThat(digest("registered", "solo@lab")).isEqualTo("5 tasks");
        assertThat(digest("active_queues", "prefork@lab")).isEqualTo("celery, lab.prefork");
        assertThat(digest("conf", "prefork@lab")).isEqualTo("5 settings");
        assertThat(digest("conf", "gevent@lab")).isEqualTo("6 settings");
        assertThat(digest("report", "solo@lab"))
                .isEqualTo("software -> celery:5.2.6 (dawn-chorus) kombu:5.2.4 py:3.11.2");
        assertThat(digest("clock", "solo@lab")).isEqualTo("clock=1189");
    }

    @Test
    void aliasesDigestLikeTheirMethod() {
        JsonNode active = Captures.load("active").get("prefork@lab");

        assertThat(ReplyDigest.of("dump_active", active)).isEqualTo("1 task: tasks.sleep");
        assertThat(ReplyDigest.of("dump_conf", Captures.load("conf").get("solo@lab"))).isEqualTo("5 settings");
    }

    @Test
    void taskListsGroupRepeatsAndAreCutToTheWidth() {
        JsonNode two = Captures.parse("[{\"name\": \"tasks.sleep\"}, {\"name\": \"tasks.spin\"}]");
        JsonNode repeats = Captures.parse("[{\"name\": \"tasks.sleep\"}, {\"name\": \"tasks.sleep\"},"
                + " {\"name\": \"tasks.spin\"}]");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\": \"proj.module.task_number_").append(i).append("\"}");
        }
        JsonNode long12 = Captures.parse(many.append("]").toString());

        assertThat(ReplyDigest.of("active", two)).isEqualTo("2 tasks: tasks.sleep, tasks.spin");
        assertThat(ReplyDigest.of("reserved", repeats)).isEqualTo("3 tasks: tasks.sleep x2, tasks.spin");
        String cut = ReplyDigest.of("active", long12);
        assertThat(cut).hasSize(ReplyDigest.WIDTH).startsWith("12 tasks: proj.module.task_number_0, ")
                .endsWith("...");
    }

    @Test
    void memoryAndQueryTaskReplies() {
        assertThat(ReplyDigest.of("memsample", NullNode.instance)).isEqualTo("n/a");
        assertThat(ReplyDigest.of("memsample", Captures.parse("\"61.2MB\""))).isEqualTo("61.2MB");
        assertThat(ReplyDigest.of("memdump", Captures.parse("\"\\nMemory samples:\\n- 61MB\\n\"")))
                .isEqualTo("Memory samples:");
        assertThat(ReplyDigest.of("query_task", Captures.parse(
                "{\"a\": [\"active\", {}], \"b\": [\"reserved\", {}]}"))).isEqualTo("2 known");
        assertThat(ReplyDigest.of("query_task", Captures.parse("{}"))).isEqualTo("0 known");
    }

    @Test
    void unknownMethodsShowCompactJsonCutToTheWidth() {
        JsonNode big = Captures.parse("{\"filename\": \"/tmp/cobjg-0123456789abcdef0123456789abcdef.png\","
                + " \"extra\": [1, 2, 3]}");

        assertThat(ReplyDigest.of("objgraph", Captures.parse("{\"a\": 1}"))).isEqualTo("{\"a\":1}");
        assertThat(ReplyDigest.of("objgraph", big)).hasSize(ReplyDigest.WIDTH)
                .startsWith("{\"filename\":\"/tmp/cobjg-").endsWith("...");
        assertThat(ReplyDigest.of("rate_limit", Captures.parse("{\"ok\": \"new rate limit set successfully\"}")))
                .isEqualTo("new rate limit set successfully");
        assertThat(ReplyDigest.of("heartbeat", NullNode.instance)).isEqualTo("null");
    }

    @Test
    void unexpectedShapesFallBackToJson() {
        assertThat(ReplyDigest.of("stats", Captures.parse("\"N/A\""))).isEqualTo("\"N/A\"");
        assertThat(ReplyDigest.of("registered", Captures.parse("{\"x\": 1}"))).isEqualTo("{\"x\":1}");
        assertThat(ReplyDigest.of("ping", null)).isEqualTo("-");
    }

    @Test
    void digestsAreTerminalSafe() {
        JsonNode hostile = Captures.parse("[{\"name\": \"t\\u001b[31m\\nx\"}]");

        assertThat(ReplyDigest.of("active", hostile)).isEqualTo("1 task: t\\x1b[31m\\nx");
    }
}

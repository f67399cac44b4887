package io.celerymon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the real command line: each is exit 2 with one line naming the option and the
 * reason, before any broker work, never exit 70, a stack trace or a picocli warning.
 */
class BadInputCommandTest {

    private static String broker;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void closedPortBroker() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            broker = "redis://127.0.0.1:" + free.getLocalPort() + "/0";
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.run(args, new PrintWriter(out), new PrintWriter(err),
                    Map.of("CELERYMON_CACHE_DIR", dir.resolve("cache").toString()));
        } finally {
            System.setErr(original);
        }
        return new Run(exit, out.toString(), err + systemErr.toString(StandardCharsets.UTF_8));
    }

    /** Asserts a usage error whose one line contains {@code expected}. */
    private void usage(String expected, String... args) {
        Run r = run(args);
        assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("celerymon: ").contains(expected);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void pcrePatternsJavaCannotTakeAreRefusedClearly() {
        usage("--pattern: invalid pcre pattern '(': Unclosed group", "status", "-b", broker, "--matcher", "pcre",
                "--pattern", "(");
        usage("--pattern: invalid pcre pattern '\\': a trailing '\\' escapes nothing", "inspect", "ping", "-b", broker,
                "--matcher", "pcre", "--pattern", "\\");
        usage("unknown group name 'x'", "status", "-b", broker, "--matcher", "pcre", "--pattern", "(?P=x)");
    }

    @Test
    void aPythonNamedGroupIsAValidPattern() {
        Run r = run("status", "-b", broker, "-t", "0.5", "--matcher", "pcre", "--pattern", "(?P<n>s)olo");

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.UNREACHABLE);
    }

    @Test
    void emptyPatternsAndDestinationsAreUsageErrors() {
        usage("the pattern is empty", "status", "-b", broker, "--pattern", "");
        usage("--destination has an empty node name (in ',')", "status", "-b", broker, "-d", ",");
        usage("--destination has an empty node name (in 'a@h,')", "inspect", "ping", "-b", broker, "-d", "a@h,");
    }

    @Test
    void tlsFilesAreCheckedBeforeConnecting() throws Exception {
        Path notPem = Files.writeString(dir.resolve("hostname"), "celerymon-host\n");
        usage("TLS: the CA file /nonexistent does not exist", "status", "-b", "rediss://127.0.0.1:1/0",
                "--ca-certs", "/nonexistent");
        usage("TLS: the CA file " + dir + " is a directory", "status", "-b", "rediss://127.0.0.1:1/0",
                "--ca-certs", dir.toString());
        usage("TLS: the CA file " + notPem + " holds no certificate", "diagnose", "-b", "amqps://127.0.0.1:1//",
                "--ca-certs", notPem.toString());
        usage("TLS: the client certificate file " + notPem + " holds no certificate", "status", "-b",
                "rediss://127.0.0.1:1/0", "--certfile", notPem.toString(), "--keyfile", "/nonexistent");
        usage("TLS: the CA file /nonexistent/ca.pem does not exist", "status", "-b",
                "rediss://127.0.0.1:1/0?ssl_ca_certs=/nonexistent/ca.pem");
    }

    @Test
    void overlongNamesAreUsageErrors() {
        usage("--control-exchange is 300 bytes long; at most 200 are taken", "status", "-b", "amqp://127.0.0.1:1//",
                "--control-exchange", "x".repeat(300));
        usage("--queue is 256 bytes long; at most 255 are taken", "diagnose", "-b", broker, "--queue",
                "q".repeat(256));
        usage("--pattern is 1001 characters long", "status", "-b", broker, "--pattern", "w".repeat(1001));
        usage("--key-prefix contains a control character", "status", "-b", broker, "--key-prefix", "a\nb");
    }

    @Test
    void flowerUrlsAreChecked() {
        usage("--flower http://127.0.0.1:99999/: port 99999 is out of range (1 to 65535)", "diagnose", "-b", broker,
                "--flower", "http://127.0.0.1:99999/");
        usage("--flower needs an http:// or https:// URL with a host", "diagnose", "-b", broker, "--flower",
                "ftp://h/");
        usage("--flower needs an http:// or https:// URL with a host", "diagnose", "-b", broker, "--flower",
                "http:///x");
    }

    @Test
    void messagesSayWhatIsAccepted() {
        usage("--timeout must be greater than 0 and at most 3600 seconds", "status", "-b", broker, "-t", "0");
        usage("--env-file is empty; name a .env file", "status", "--env-file", "");
        usage("invalid broker URL 'redis://127.0.0.1:99999': port 99999 is not between 1 and 65535", "status", "-b",
                "redis://127.0.0.1:99999");
    }

    @Test
    void outputOptionsMustAgree() {
        usage("-j means -o json, which contradicts -o table", "status", "-b", broker, "-o", "table", "-j");
        usage("-j means -o json, which contradicts -o ndjson", "inspect", "ping", "-b", broker, "-o", "ndjson", "-j");
        usage("-j means -o json, which contradicts -o table", "diagnose", "-b", broker, "-o", "table", "-j");
        usage("-j means -o json, which contradicts -o table", "env-check", "-o", "table", "-j");
    }

    @Test
    void inspectListPrintsJsonWhenAsked() throws Exception {
        Run r = run("inspect", "--list", "-j");

        assertThat(r.exit()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("methods").findValuesAsText("name")).hasSize(14).contains("active_queues", "stats");
        assertThat(doc.get("methods").get(0).get("summary").asText()).isNotBlank();
    }

    @Test
    void oddNodeNamesGiveNoPicocliWarning() {
        Run r = run("status", "-b", broker, "-t", "0.5", "-d", "we\"ird\\x@h");

        assertThat(r.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.err()).doesNotContain("picocli").doesNotContain("WARN");
    }

    @Test
    void anArgumentStartingWithAtIsNotAFileToExpand() throws Exception {
        Path args = Files.writeString(dir.resolve("args"), "--help\n");
        Run r = run("status", "-b", broker, "-t", "0.5", "-d", "@" + args);

        assertThat(r.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.out()).doesNotContain("Usage");
    }
}

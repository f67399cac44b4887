package io.celerymon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * No option value can make celerymon fail as a bug: random strings (and known troublemakers) go
 * to every option of every subcommand, in process, against a closed port with tiny timeouts.
 * The exit code is never 70 and stderr holds neither a stack trace nor a picocli warning.
 * 200 tries by default, from a seed printed in each case's name; for a longer hunt, or to replay
 * one: {@code mvn test -Dtest=RandomOptionValuesTest -Dcelerymon.random.tries=5000
 * -Dcelerymon.random.seed=N}.
 */
class RandomOptionValuesTest {

    /** Values that broke celerymon once, or sit on an edge of a rule. */
    private static final List<String> TROUBLEMAKERS = List.of("", " ", ",", ",,", "-", "--", "(", ")", "\\", "[",
            "*", "0", "-1", "1e9", "NaN", "Infinity", "3601", "0.0001", "(?P<n>s)olo", "(?P<n>a)(?P=n)", "(?P=x)",
            "we\"ird\\x@h", "'", "\"", "@", "@nonexistent", "a\u0000b", "\n", "\u00e9\u00e8", "x".repeat(300),
            "y".repeat(5000), "http://127.0.0.1:99999/", "http://:80/", "https://h:0/", "ftp://h/",
            "redis://127.0.0.1:99999", "redis://:pw@", "amqp://", "sentinel://h", "rediss://h/?ssl_ca_certs=/nope",
            "/etc/hostname", "/", ".", "..", "/nonexistent", "glob", "pcre", "json", "table", "ndjson", "critical",
            "ok", "ping", "%", "%%", "%n", "${HOME}", "$(id)");

    private static int closedPort;
    private static Path dir;
    /** The command model, built once: picocli takes tens of milliseconds to build it. */
    private static final CommandLine MODEL = new CommandLine(new CelerymonCommand(Map.of()));

    private static final int TRIES = Integer.getInteger("celerymon.random.tries", 200);
    private static final long SEED = Long.getLong("celerymon.random.seed", System.nanoTime());

    @BeforeAll
    static void setUp() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        dir = Files.createTempDirectory("celerymon-random-options");
        Files.createDirectory(dir.resolve("reports"));
    }

    @AfterAll
    static void tearDown() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** One command line: a subcommand, the runnable base arguments, and one option with a random value. */
    record Case(String subcommand, String option, String value) {
        @Override
        public String toString() {
            return subcommand + " " + option + " " + visible(value);
        }
    }

    @TestFactory
    Stream<DynamicTest> noValueOfAnyOptionIsAnInternalErrorOrAStackTrace() {
        List<Case> slots = slots();
        Random random = new Random(SEED);
        return IntStream.range(0, TRIES).mapToObj(i -> {
            Case slot = slots.get(random.nextInt(slots.size()));
            Case c = new Case(slot.subcommand(), slot.option(), value(random));
            return DynamicTest.dynamicTest("seed " + SEED + " #" + i + ": " + c, () -> runs(c));
        });
    }

    private static void runs(Case c) {
        List<String> args = arguments(c);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int exit;
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        try {
            exit = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err),
                    Map.of("CELERYMON_CACHE_DIR", dir.resolve("cache").toString(), "HOME", dir.toString()));
        } finally {
            System.setErr(original);
        }
        String stderr = err + systemErr.toString(StandardCharsets.UTF_8);
        String shown = "seed " + SEED + ": " + visible(String.join(" ", args)) + "\nexit " + exit + "\nstderr: " + visible(stderr);
        assertThat(exit).as(shown).isNotEqualTo(ExitCode.INTERNAL);
        assertThat(stderr).as(shown).doesNotContain("\tat ").doesNotContain("Exception in thread")
                .doesNotContain("[picocli").doesNotContain("internal error");
    }

    /** Every option of every visible subcommand, and each subcommand's positional slot. */
    private static List<Case> slots() {
        List<Case> slots = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : MODEL.getSubcommands().entrySet()) {
            CommandSpec spec = sub.getValue().getCommandSpec();
            if (spec.usageMessage().hidden() || sub.getKey().equals("help") || !sub.getKey().equals(spec.name())) {
                continue;
            }
            for (OptionSpec option : spec.options()) {
                // --stacktrace asks for the stack trace this test looks for.
                if (!option.usageHelp() && !option.versionHelp() && !option.longestName().equals("--stacktrace")) {
                    slots.add(new Case(sub.getKey(), option.longestName(), null));
                }
            }
            slots.add(new Case(sub.getKey(), "", null));
        }
        return slots;
    }

    /** A troublemaker (2 in 5), any UTF-16 text up to 40 units (2 in 5), or printable ASCII up to 20 (1 in 5). */
    private static String value(Random random) {
        int kind = random.nextInt(5);
        if (kind < 2) {
            return TROUBLEMAKERS.get(random.nextInt(TROUBLEMAKERS.size()));
        }
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(kind < 4 ? 41 : 21);
        for (int i = 0; i < length; i++) {
            text.append(kind < 4 ? (char) random.nextInt(Character.MAX_VALUE + 1) : (char) (' ' + random.nextInt(95)));
        }
        return text.toString();
    }

    /** The base arguments that make each subcommand finish fast, less the option under test, plus it. */
    private static List<String> arguments(Case c) {
        String broker = "redis://127.0.0.1:" + closedPort + "/0";
        List<String> base = switch (c.subcommand()) {
            case "inspect" -> List.of("-t", "0.3", "-b", broker);
            case "status" -> List.of("-t", "0.3", "-b", broker);
            case "events" -> List.of("-t", "0.3", "-b", broker, "--duration", "0.3", "-o", "ndjson");
            case "diagnose" -> List.of("-t", "0.2", "--deadline", "1", "--no-local-scan", "-b", broker);
            case "env-check" -> List.of("-t", "2", "--no-probe", "--no-connect", "--pid",
                    Long.toString(ProcessHandle.current().pid()));
            default -> List.of();
        };
        List<String> args = new ArrayList<>();
        args.add(c.subcommand());
        if (c.subcommand().equals("inspect") && !c.option().isEmpty()) {
            args.add("ping");
        }
        for (int i = 0; i < base.size(); i++) {
            String name = base.get(i);
            boolean takesValue = i + 1 < base.size() && !base.get(i + 1).startsWith("-");
            if (!sameOption(c, name)) {
                args.add(name);
                if (takesValue) {
                    args.add(base.get(i + 1));
                }
            }
            if (takesValue) {
                i++;
            }
        }
        if (c.subcommand().equals("env-check") && (c.option().equals("--app") || c.option().equals("--python"))) {
            args.remove("--no-probe");
        }
        if (c.option().isEmpty()) {
            args.add(c.value());
        } else {
            args.add(c.option());
            args.add(writable(c.option(), c.value()));
        }
        return args;
    }

    private static boolean sameOption(Case c, String name) {
        OptionSpec tested = MODEL.getSubcommands().get(c.subcommand()).getCommandSpec().findOption(c.option());
        return tested != null && java.util.Arrays.asList(tested.names()).contains(name);
    }

    /** Report files land in the test's own directory, whatever the value says (the tests run as root). */
    private static String writable(String option, String value) {
        if (!option.equals("--junit") && !option.equals("--prometheus") || value.isEmpty() || value.equals("-")) {
            return value;
        }
        return dir.resolve("reports").toString() + "/" + value.replace('/', '_').replace('\u0000', '_');
    }

    private static String visible(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.append(cp < 0x20 || cp >= 0x7f ? String.format("\\u%04x", cp)
                : String.valueOf((char) cp)));
        return out.length() > 400 ? out.substring(0, 400) + "…" : out.toString();
    }
}

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * No option value can make celerymon fail as a bug: random strings (and known troublemakers) go
 * to every option of every subcommand, in process, against a closed port with tiny timeouts.
 * The exit code is never 70 and stderr holds neither a stack trace nor a picocli warning.
 * 200 tries by default; {@code mvn test -Dtest=RandomOptionValuesTest -Djqwik.tries.default=5000}
 * for a longer hunt.
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

    @BeforeContainer
    static void setUp() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        dir = Files.createTempDirectory("celerymon-random-options");
        Files.createDirectory(dir.resolve("reports"));
    }

    @AfterContainer
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

    @Property
    void noValueOfAnyOptionIsAnInternalErrorOrAStackTrace(@ForAll("cases") Case c) {
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
        String shown = visible(String.join(" ", args)) + "\nexit " + exit + "\nstderr: " + stderr;
        assertThat(exit).as(shown).isNotEqualTo(ExitCode.INTERNAL);
        assertThat(stderr).as(shown).doesNotContain("\tat ").doesNotContain("Exception in thread")
                .doesNotContain("[picocli").doesNotContain("internal error");
    }

    @Provide
    Arbitrary<Case> cases() {
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
        Arbitrary<String> values = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.of(TROUBLEMAKERS)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20)));
        return Combinators.combine(Arbitraries.of(slots), values)
                .as((slot, value) -> new Case(slot.subcommand(), slot.option(), value));
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
        text.codePoints().forEach(cp -> out.append(cp < 0x20 || cp == 0x7f ? String.format("\\x%02x", cp)
                : new String(Character.toChars(cp))));
        return out.length() > 200 ? out.substring(0, 200) + "…" : out.toString();
    }
}

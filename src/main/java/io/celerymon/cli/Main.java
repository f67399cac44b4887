package io.celerymon.cli;

import io.celerymon.secrets.KnownSecrets;
import io.celerymon.secrets.MaskingWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point: runs the command line and exits with the shared exit-code contract. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Lettuce records JFR events by default; starting JFR costs a CLI most of a second.
        System.setProperty("io.lettuce.core.jfr", "false");
        // Netty skips SLF4J's no-op binding and falls back to java.util.logging; a CLI prints only
        // its own lines.
        java.util.logging.LogManager.getLogManager().reset();
        // 64 KiB blocks (a pipe's default capacity) rather than System.out's 8 KiB ones: `events`
        // under a flood writes hundreds of megabytes. Every flush still goes all the way through.
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(new java.io.BufferedOutputStream(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err, System.getenv());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line; the seam CLI tests use. Everything printed on either stream goes
     * through the one outbound masking pass, whichever code printed it.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        KnownSecrets secrets = new KnownSecrets();
        PrintWriter maskedOut = new PrintWriter(new MaskingWriter(out, secrets), true);
        PrintWriter maskedErr = new PrintWriter(new MaskingWriter(err, secrets), true);
        try {
            return run(args, maskedOut, maskedErr, env, secrets);
        } finally {
            maskedOut.flush();
            maskedErr.flush();
        }
    }

    private static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
                           KnownSecrets secrets) {
        CelerymonCommand top = new CelerymonCommand(env, secrets);
        CommandLine cli = new CommandLine(top);
        ErrorReporter errors = new ErrorReporter(top, err);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // An argument starting with '@' is a value (a node name, a password), never a file of
        // arguments to read: "@/dev/stdin" would wait for ever.
        cli.setExpandAtFiles(false);
        // picocli's tracer prints "[picocli WARN]" lines on System.err; every message celerymon
        // prints is its own one line (picocli.trace=DEBUG still works for debugging picocli).
        if (System.getProperty("picocli.trace") == null) {
            CommandLine.tracer().setLevel(CommandLine.TraceLevel.OFF);
        }
        cli.setParameterExceptionHandler(errors::onUsageError);
        cli.setExecutionExceptionHandler(errors::onFailure);
        return cli.execute(args);
    }
}

package io.celerymon.cli;

import io.celerymon.files.ReportFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * diagnose's report files ({@code --junit}, {@code --prometheus}): refused up front when they can
 * never be written, written after the report was printed, each failure one line on stderr.
 */
public final class ReportFileOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Also write JUnit XML: a test case per check. '-' is stdout (the table then goes to stderr).")
    Path junitFile;

    @Option(names = "--prometheus", paramLabel = "FILE",
            description = "Also write the results in node-exporter textfile format. A file is replaced atomically "
                    + "(a link's target, in its directory); a FIFO or device is written in place; '-' is stdout.")
    Path prometheusFile;

    /**
     * Usage errors, before any broker work: a directory, an empty name, or stdout asked for twice
     * (by two reports, or by a report while {@code -o json} already writes a document there).
     */
    void check(boolean jsonOnStdout) {
        Map<String, Path> files = files();
        String onStdout = null;
        for (Map.Entry<String, Path> file : files.entrySet()) {
            try {
                ReportFile.checkUsable(file.getValue());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(mixee.commandLine(), file.getKey() + " " + file.getValue() + ": "
                        + e.getMessage());
            }
            if (!ReportFile.isStdout(file.getValue())) {
                continue;
            }
            if (jsonOnStdout) {
                throw new ParameterException(mixee.commandLine(), file.getKey()
                        + " - would write a second document to stdout after -o json; name a file instead");
            }
            if (onStdout != null) {
                throw new ParameterException(mixee.commandLine(), onStdout + " and " + file.getKey()
                        + " cannot both write to stdout ('-')");
            }
            onStdout = file.getKey();
        }
    }

    /** Whether a report goes to stdout, which then holds that report only. */
    boolean toStdout() {
        return files().values().stream().anyMatch(ReportFile::isStdout);
    }

    /**
     * Writes every report that was asked for; a FIFO or device gets {@code limit} at most.
     *
     * @return false when one could not be written (stderr says which and why)
     */
    boolean write(Supplier<String> junitXml, Supplier<String> prometheusText, UnaryOperator<String> mask,
                  PrintWriter out, PrintWriter err, Duration limit) {
        boolean junitOk = write("--junit", junitFile, junitXml, mask, out, err, limit);
        boolean prometheusOk = write("--prometheus", prometheusFile, prometheusText, mask, out, err, limit);
        return junitOk && prometheusOk;
    }

    private static boolean write(String option, Path file, Supplier<String> content, UnaryOperator<String> mask,
                                 PrintWriter out, PrintWriter err, Duration limit) {
        if (file == null) {
            return true;
        }
        String text = mask.apply(content.get());
        if (ReportFile.isStdout(file)) {
            out.print(text);
            out.flush();
            return true;
        }
        try {
            ReportFile.write(file, text.getBytes(StandardCharsets.UTF_8), limit);
            return true;
        } catch (IOException e) {
            err.println(mask.apply("celerymon: cannot write " + option + " " + file + ": " + e.getMessage()));
            err.flush();
            return false;
        }
    }

    private Map<String, Path> files() {
        Map<String, Path> files = new LinkedHashMap<>();
        if (junitFile != null) {
            files.put("--junit", junitFile);
        }
        if (prometheusFile != null) {
            files.put("--prometheus", prometheusFile);
        }
        return files;
    }
}

package io.celerymon.cli;

import io.celerymon.findings.Severity;
import io.celerymon.output.OutputFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** What the commands that conclude in findings (diagnose, env-check) share: the fail level and table or JSON output. */
public final class FindingsOutputOptions {

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "critical", converter = FailLevel.class,
            description = "Exit 1 when a finding is at or above this level: info, warn or critical "
                    + "(default: ${DEFAULT-VALUE}).")
    Severity failOn;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    // No picocli default: "-o table -j" must be told from a plain "-j".
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = TableOrJson.class,
            description = "table or json (default: table).")
    OutputFormat format;

    @Option(names = {"-j", "--json"}, description = "Same as -o json.")
    boolean json;

    Severity failLevel() {
        return failOn;
    }

    /** Whether the report is JSON; {@code -j} with {@code -o table} is a usage error. */
    boolean asJson() {
        if (json && format == OutputFormat.TABLE) {
            throw new ParameterException(mixee.commandLine(), "-j means -o json, which contradicts -o table");
        }
        return json || format == OutputFormat.JSON;
    }

    /** info, warn or critical; {@code ok} would fail every run. */
    static final class FailLevel implements ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            Severity level;
            try {
                level = Severity.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected info, warn or critical");
            }
            if (level == Severity.OK) {
                throw new TypeConversionException("ok would fail every run; expected info, warn or critical");
            }
            return level;
        }
    }

    /** A findings report is a table or one JSON document; NDJSON has no meaning for it. */
    static final class TableOrJson implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            OutputFormat parsed;
            try {
                parsed = OutputFormat.parse(value);
            } catch (IllegalArgumentException e) {
                parsed = null;
            }
            if (parsed != OutputFormat.TABLE && parsed != OutputFormat.JSON) {
                throw new TypeConversionException("expected table or json");
            }
            return parsed;
        }
    }
}

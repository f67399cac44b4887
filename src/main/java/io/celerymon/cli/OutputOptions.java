package io.celerymon.cli;

import io.celerymon.output.OutputFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code -o table|json|ndjson} and its shorthand {@code -j}. */
public final class OutputOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    // No picocli default: "-o table -j" must be told from a plain "-j".
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = OutputFormatConverter.class,
            description = "table, json or ndjson (default: table).")
    OutputFormat format;

    @Option(names = {"-j", "--json"}, description = "Same as -o json.")
    boolean json;

    /** The format asked for; {@code -j} with another {@code -o} is a usage error. */
    OutputFormat format() {
        if (json && format != null && format != OutputFormat.JSON) {
            throw new ParameterException(mixee.commandLine(), "-j means -o json, which contradicts -o " + format.cliName());
        }
        if (json) {
            return OutputFormat.JSON;
        }
        return format == null ? OutputFormat.TABLE : format;
    }

    /** Lets picocli report a bad --output value as a usage error. */
    static final class OutputFormatConverter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

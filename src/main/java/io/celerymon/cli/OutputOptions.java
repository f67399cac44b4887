package io.celerymon.cli;

import io.celerymon.output.OutputFormat;
import picocli.CommandLine.Option;

/** {@code -o table|json|ndjson} and its shorthand {@code -j}. */
public final class OutputOptions {

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = OutputFormatConverter.class,
            description = "table, json or ndjson (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = {"-j", "--json"}, description = "Same as -o json.")
    boolean json;

    OutputFormat format() {
        return json ? OutputFormat.JSON : format;
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

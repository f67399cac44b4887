package io.celerymon.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collection;
import java.util.Locale;

/**
 * The one JSON configuration of everything celerymon prints.
 *
 * <p>Choices, all so that any JSON parser (jq included) accepts the output and a terminal can
 * show it safely:
 * <ul>
 *   <li>Python's {@code json.dumps} lets workers send bare {@code NaN}, {@code Infinity} and
 *       {@code -Infinity}; they are written as the strings {@code "NaN"}, {@code "Infinity"},
 *       {@code "-Infinity"}, because bare tokens are not JSON and jq rejects them.</li>
 *   <li>Besides the C0 escapes JSON requires, DEL, the C1 controls and the Unicode bidirectional
 *       controls are written as {@code \}{@code uXXXX}, so printing a forged reply cannot drive
 *       the terminal. Other non-ASCII text is written as is (UTF-8).</li>
 *   <li>Pretty output indents by two spaces, {@code "key": value}, one array element per line,
 *       {@code \n} line ends on every platform.</li>
 * </ul>
 * Each instance holds its own immutable mapper; there is no shared mutable state.
 */
public final class OutputJson {
    private final ObjectMapper mapper;
    private final ObjectWriter pretty;
    private final ObjectWriter compact;

    public OutputJson() {
        this.mapper = newMapper();
        this.pretty = mapper.writer(prettyPrinter());
        this.compact = mapper.writer();
    }

    /** A new mapper with the output settings described on this class. */
    public static ObjectMapper newMapper() {
        JsonFactory factory = new JsonFactoryBuilder()
                .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                // Shortest round-trip digits (Schubfach), as Python's repr() writes them, and fast.
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .characterEscapes(new TerminalSafeEscapes())
                .addDecorator((f, generator) -> new PlainDoubles(generator))
                .build();
        return JsonMapper.builder(factory).build();
    }

    /**
     * A generator of compact JSON into {@code out} for a stream of lines: it writes nothing between
     * root values (the caller ends each line), never closes {@code out}, and its {@code flush()}
     * hands what it buffered to {@code out} without flushing {@code out} itself.
     */
    public JsonGenerator lineGenerator(Writer out) throws IOException {
        JsonGenerator generator = mapper.getFactory().createGenerator(out);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        generator.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        generator.setRootValueSeparator(null);
        return generator;
    }

    /** An empty object node to build a document in. */
    public ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** An array of the given strings. */
    public ArrayNode strings(Collection<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** Indented JSON, without a final newline. */
    public String pretty(JsonNode node) {
        return write(pretty, node);
    }

    /** JSON on one line, without a final newline. */
    public String compact(JsonNode node) {
        return write(compact, node);
    }

    private static String write(ObjectWriter writer, JsonNode node) {
        try {
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of JsonNodes always serializes; reaching this is a bug, not bad input.
            throw new UncheckedIOException(e);
        }
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withSeparators(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }

    /** Adds DEL, C1 and bidirectional controls to the characters JSON output escapes. */
    private static final class TerminalSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        TerminalSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii.clone();
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch >= 0x80 && ch <= 0x9f || TerminalText.isBidiControl(ch)) {
                return new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch));
            }
            return null;
        }
    }

    /**
     * Writes finite doubles in plain notation, as Python's json does: epoch timestamps come out as
     * {@code 1795704609.4122546}, not Java's {@code 1.7957046094122546E9}.
     */
    static final class PlainDoubles extends com.fasterxml.jackson.core.util.JsonGeneratorDelegate {
        PlainDoubles(com.fasterxml.jackson.core.JsonGenerator delegate) {
            super(delegate, false);
        }

        @Override
        public void writeNumber(double v) throws java.io.IOException {
            double magnitude = Math.abs(v);
            // Only where Java would switch to E notation: at 1e7 and above, and below 1e-3.
            if (Double.isFinite(v) && (magnitude >= 1e7 || magnitude < 1e-3 && v != 0)) {
                delegate.writeNumber(plain(NumberOutput.toString(v, true)));
            } else {
                delegate.writeNumber(v);
            }
        }

        /**
         * A double's text in Java's notation ({@code d.dddE±n} at these magnitudes) with the point
         * moved and no exponent, as {@code new BigDecimal(text).toPlainString()} would give it.
         */
        static String plain(String java) {
            int e = java.indexOf('E');
            if (e < 0) {
                return java;
            }
            boolean negative = java.charAt(0) == '-';
            String mantissa = java.substring(negative ? 1 : 0, e);
            int exponent = Integer.parseInt(java, e + 1, java.length(), 10);
            int point = mantissa.indexOf('.');
            String digits = mantissa.substring(0, point) + mantissa.substring(point + 1);
            int scale = mantissa.length() - point - 1 - exponent;
            StringBuilder out = new StringBuilder(digits.length() + Math.abs(scale) + 3);
            if (negative) {
                out.append('-');
            }
            if (scale <= 0) {
                out.append(digits).append("0".repeat(-scale));
            } else if (scale >= digits.length()) {
                out.append("0.").append("0".repeat(scale - digits.length())).append(digits);
            } else {
                out.append(digits, 0, digits.length() - scale).append('.').append(digits, digits.length() - scale,
                        digits.length());
            }
            return out.toString();
        }
    }
}

package io.celerymon.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
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
import java.io.UncheckedIOException;
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
                .characterEscapes(new TerminalSafeEscapes())
                .addDecorator((f, generator) -> new PlainDoubles(generator))
                .build();
        return JsonMapper.builder(factory).build();
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
    private static final class PlainDoubles extends com.fasterxml.jackson.core.util.JsonGeneratorDelegate {
        PlainDoubles(com.fasterxml.jackson.core.JsonGenerator delegate) {
            super(delegate, false);
        }

        @Override
        public void writeNumber(double v) throws java.io.IOException {
            double magnitude = Math.abs(v);
            // Only where Java would switch to E notation: at 1e7 and above, and below 1e-3.
            if (Double.isFinite(v) && (magnitude >= 1e7 || magnitude < 1e-3 && v != 0)) {
                delegate.writeNumber(java.math.BigDecimal.valueOf(v).toPlainString());
            } else {
                delegate.writeNumber(v);
            }
        }
    }
}

package io.celerymon.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutputJsonTest {

    @Test
    void plainNotationMovesThePointAsBigDecimalDoes() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextDouble() * 2e9;
                case 1 -> random.nextDouble() * 1e-3;
                case 2 -> Double.longBitsToDouble(random.nextLong());
                default -> -random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            };
            if (!Double.isFinite(v)) {
                continue;
            }
            String text = NumberOutput.toString(v, true);
            assertThat(OutputJson.PlainDoubles.plain(text)).as(text).isEqualTo(new BigDecimal(text).toPlainString());
        }
        assertThat(OutputJson.PlainDoubles.plain("1.7957046094122546E9")).isEqualTo("1795704609.4122546");
        assertThat(OutputJson.PlainDoubles.plain("1.0E7")).isEqualTo("10000000");
        assertThat(OutputJson.PlainDoubles.plain("-1.5E-4")).isEqualTo("-0.00015");
    }

    @Test
    void epochTimestampsAreWrittenInPlainShortestDigits() {
        OutputJson json = new OutputJson();
        assertThat(json.compact(json.object().put("t", 1795704609.4122546).put("r", 8.4e-05).put("p", 0.25)))
                .isEqualTo("{\"t\":1795704609.4122546,\"r\":0.000084,\"p\":0.25}");
    }

    @Test
    void aLineGeneratorWritesRootValuesBackToBackAndLeavesItsWriterOpen() throws Exception {
        StringWriter out = new StringWriter() {
            @Override
            public void close() {
                throw new AssertionError("the generator closed its target");
            }
        };
        JsonGenerator generator = new OutputJson().lineGenerator(out);
        for (int i = 0; i < 2; i++) {
            generator.writeStartObject();
            generator.writeNumberField("n", i);
            generator.writeEndObject();
            generator.writeRaw('\n');
        }
        generator.close();

        assertThat(out.toString()).isEqualTo("{\"n\":0}\n{\"n\":1}\n");
    }
}

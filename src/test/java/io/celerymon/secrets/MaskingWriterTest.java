package io.celerymon.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import org.junit.jupiter.api.Test;

class MaskingWriterTest {

    private final StringWriter sink = new StringWriter();
    private final KnownSecrets secrets = new KnownSecrets();

    private PrintWriter writer() {
        return new PrintWriter(new MaskingWriter(sink, secrets), true);
    }

    @Test
    void everyLineLeavesWithUrlPasswordsSecretParametersAndKnownSecretsMasked() {
        secrets.add("hunter2");
        PrintWriter out = writer();
        out.println("broker redis://:pwA@h1:6379/0;redis://:pwB@h2:6379/0 down");
        out.println("flower http://f:5555/?token=T0KEN&x=1");
        out.println("the server said: hunter2 is wrong");
        out.println("plain line, nothing to hide: worker@host");

        assertThat(sink.toString()).isEqualTo("""
                broker redis://:****@h1:6379/0;redis://:****@h2:6379/0 down
                flower http://f:5555/?token=****&x=1
                the server said: **** is wrong
                plain line, nothing to hide: worker@host
                """);
    }

    @Test
    void aUrlWrittenInPiecesIsMaskedWholeWhenItsLineEnds() throws Exception {
        Writer out = new MaskingWriter(sink, secrets);
        out.write("amqp://guest:se");
        out.write("cret".toCharArray(), 0, 4);
        out.write('@');
        out.write("mq:5672//\nnext\n");
        out.flush();

        assertThat(sink.toString()).isEqualTo("amqp://guest:****@mq:5672//\nnext\n");
    }

    @Test
    void aSecretAddedAfterTheWriterWasMadeIsStillMasked() {
        PrintWriter out = writer();
        secrets.add("late-secret");
        out.print("x late-secret y");
        out.flush();

        assertThat(sink.toString()).isEqualTo("x **** y");
    }

    @Test
    void aFailingStreamBelowIsSeenByCheckError() {
        PrintWriter broken = new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        PrintWriter out = new PrintWriter(new MaskingWriter(broken, secrets), true);
        out.println("line");

        assertThat(out.checkError()).isTrue();
    }

    @Test
    void aWholeDocumentIsMaskedByTheSameRules() {
        secrets.add("pw-in-file");
        assertThat(MaskingWriter.mask("a pw-in-file\nredis://u:p@h/0\n", secrets)).isEqualTo("a ****\nredis://u:****@h/0\n");
    }
}

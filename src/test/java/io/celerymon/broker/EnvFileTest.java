package io.celerymon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void difyDockerEnvExcerpt() throws IOException {
        Path file = write("""
                # ------------------------------
                # Celery Configuration
                # ------------------------------

                # Use standalone redis as the broker, and redis db 1 for celery broker.
                # Example: redis://:difyai123456@redis:6379/1
                CELERY_BROKER_URL=redis://:difyai123456@redis:6379/1
                CELERY_BACKEND=redis
                BROKER_USE_SSL=false

                # If you are using Redis Sentinel for high availability, configure the following settings.
                CELERY_USE_SENTINEL=false
                CELERY_SENTINEL_MASTER_NAME=
                CELERY_SENTINEL_PASSWORD=
                CELERY_SENTINEL_SOCKET_TIMEOUT=0.1
                REDIS_SSL_CERT_REQS=CERT_NONE
                # Options: CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED
                LOG_DATEFORMAT=%Y-%m-%d %H:%M:%S
                CELERY_TASK_ANNOTATIONS=null
                """);
        Map<String, String> env = EnvFile.read(file);
        assertThat(env).containsExactly(
                entry("CELERY_BROKER_URL", "redis://:difyai123456@redis:6379/1"),
                entry("CELERY_BACKEND", "redis"),
                entry("BROKER_USE_SSL", "false"),
                entry("CELERY_USE_SENTINEL", "false"),
                entry("CELERY_SENTINEL_MASTER_NAME", ""),
                entry("CELERY_SENTINEL_PASSWORD", ""),
                entry("CELERY_SENTINEL_SOCKET_TIMEOUT", "0.1"),
                entry("REDIS_SSL_CERT_REQS", "CERT_NONE"),
                entry("LOG_DATEFORMAT", "%Y-%m-%d %H:%M:%S"),
                entry("CELERY_TASK_ANNOTATIONS", "null"));
    }

    @Test
    void exportPrefixAndSpacesAroundEquals() throws IOException {
        Map<String, String> env = EnvFile.read(write("export A=1\n  export\tB = two  \nexport=3\nexported=4\n"));
        assertThat(env).containsExactly(entry("A", "1"), entry("B", "two"), entry("export", "3"), entry("exported", "4"));
    }

    @Test
    void inlineCommentsNeedWhitespaceBeforeTheHash() throws IOException {
        Map<String, String> env = EnvFile.read(write(
                "A=value # a comment\nB=pa#ss\nC=x\t# tab comment\nD=#notacomment\nE= # only a comment\n"));
        assertThat(env).containsEntry("A", "value")
                .containsEntry("B", "pa#ss")
                .containsEntry("C", "x")
                .containsEntry("D", "#notacomment")
                .containsEntry("E", "# only a comment");
    }

    @Test
    void singleQuotesAreLiteral() throws IOException {
        Map<String, String> env = EnvFile.read(write(
                "A='redis://:p#a s$s@h/1' # comment\nB='it\\'s'\nC='no\\nescape ${A}'\n"));
        assertThat(env).containsEntry("A", "redis://:p#a s$s@h/1")
                .containsEntry("B", "it's")
                .containsEntry("C", "no\\nescape ${A}");
    }

    @Test
    void doubleQuotesTakeEscapes() throws IOException {
        Map<String, String> env = EnvFile.read(write(
                "A=\"a # not a comment\"  # comment\nB=\"say \\\"hi\\\"\\n\\tend\\\\\"\nC=\"\"\nD=\"keep \\x\"\n"));
        assertThat(env).containsEntry("A", "a # not a comment")
                .containsEntry("B", "say \"hi\"\n\tend\\")
                .containsEntry("C", "")
                .containsEntry("D", "keep \\x");
    }

    @Test
    void quotedValuesMaySpanLines() throws IOException {
        Map<String, String> env = EnvFile.read(write("A=\"line1\nline2\"\nB='x\ny'\nC=after\n"));
        assertThat(env).containsExactly(entry("A", "line1\nline2"), entry("B", "x\ny"), entry("C", "after"));
    }

    @Test
    void interpolationFromEarlierLinesThenOuterEnvironment() throws IOException {
        Path file = write("""
                REDIS_PASSWORD=s3cret
                CELERY_BROKER_URL=redis://:${REDIS_PASSWORD}@${REDIS_HOST:-redis}:6379/1
                QUOTED="${REDIS_PASSWORD}-${FROM_OUTSIDE}"
                MISSING=[${NOPE}]
                DOLLAR=pa$word
                """);
        Map<String, String> env = EnvFile.read(file, Map.of("FROM_OUTSIDE", "out", "REDIS_PASSWORD", "ignored"));
        assertThat(env).containsEntry("CELERY_BROKER_URL", "redis://:s3cret@redis:6379/1")
                .containsEntry("QUOTED", "s3cret-out")
                .containsEntry("MISSING", "[]")
                .containsEntry("DOLLAR", "pa$word");
    }

    @Test
    void lastDefinitionWinsAndBareKeysAreIgnored() throws IOException {
        Map<String, String> env = EnvFile.read(write("A=1\nJUST_A_KEY\nA=2\n"));
        assertThat(env).containsExactly(entry("A", "2"));
    }

    @Test
    void windowsLineEndingsAndByteOrderMark() throws IOException {
        Map<String, String> env = EnvFile.read(write("\uFEFFA=1\r\nB=\"two\"\r\n# c\r\n"));
        assertThat(env).containsExactly(entry("A", "1"), entry("B", "two"));
    }

    @Test
    void emptyFileGivesNoVariables() throws IOException {
        assertThat(EnvFile.read(write(""))).isEmpty();
        assertThat(EnvFile.read(write("\n\n   \n# only comments\n"))).isEmpty();
    }

    @Test
    void unterminatedQuoteNamesFileAndLineButNotTheValue() throws IOException {
        Path file = write("A=1\n\nSECRET=\"hunter2 and more\nB=2\n");
        assertThatThrownBy(() -> EnvFile.read(file))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("env file " + file + " line 3: a double-quoted value is not closed")
                .message().doesNotContain("hunter2");
        Path single = write("X='hunter2\n");
        assertThatThrownBy(() -> EnvFile.read(single))
                .hasMessage("env file " + single + " line 1: a single-quoted value is not closed");
    }

    @Test
    void garbageLinesAreErrorsWithoutEchoingThem() throws IOException {
        Path noKey = write("A=1\n=hunter2\n");
        assertThatThrownBy(() -> EnvFile.read(noKey))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("env file " + noKey + " line 2: expected KEY=VALUE, the key is missing or has spaces");
        Path spaced = write("MY KEY=hunter2\n");
        assertThatThrownBy(() -> EnvFile.read(spaced)).hasMessageContaining("line 1: expected KEY=VALUE");
        Path words = write("this is not hunter2\n");
        assertThatThrownBy(() -> EnvFile.read(words))
                .hasMessage("env file " + words + " line 1: expected KEY=VALUE")
                .message().doesNotContain("hunter2");
        Path trailing = write("A=\"hunter2\" junk\n");
        assertThatThrownBy(() -> EnvFile.read(trailing))
                .hasMessage("env file " + trailing + " line 1: unexpected text after the closing quote");
    }

    @Test
    void lineNumbersCountLinesInsideQuotedValues() throws IOException {
        Path file = write("A=\"x\ny\"\nB='z\nw' junk\n");
        assertThatThrownBy(() -> EnvFile.read(file)).hasMessageEndingWith("line 3: unexpected text after the closing quote");
    }

    @Test
    void missingFileIsAConfigErrorNamingThePath() {
        Path missing = dir.resolve("nope.env");
        assertThatThrownBy(() -> EnvFile.read(missing))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("cannot read env file " + missing + ": no such file");
    }

    @Test
    void directoryIsAConfigErrorNamingThePath() {
        assertThatThrownBy(() -> EnvFile.read(dir))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessageStartingWith("cannot read env file " + dir + ": ");
    }

    @Test
    void resultIsReadOnly() throws IOException {
        Map<String, String> env = EnvFile.read(write("A=1\n"));
        assertThatThrownBy(() -> env.put("B", "2")).isInstanceOf(UnsupportedOperationException.class);
    }
}

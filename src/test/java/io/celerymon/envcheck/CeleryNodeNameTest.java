package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CeleryNodeNameTest {

    @Test
    void withoutOptionTheNodeIsCeleryAtTheHost() {
        assertThat(CeleryNodeName.of(null, "box.example.org")).isEqualTo("celery@box.example.org");
    }

    @Test
    void aValueWithoutAtIsTheHostPart() {
        assertThat(CeleryNodeName.of("node1", "box")).isEqualTo("celery@node1");
    }

    @Test
    void expandsCelerysHostAbbreviations() {
        assertThat(CeleryNodeName.of("gevent@%h", "box.example.org")).isEqualTo("gevent@box.example.org");
        assertThat(CeleryNodeName.of("w-%n@%d", "box.example.org")).isEqualTo("w-box@example.org");
        assertThat(CeleryNodeName.of("w%i%I@%h", "box")).isEqualTo("w0@box");
        assertThat(CeleryNodeName.of("a%%b@%h", "box")).isEqualTo("a%%b@box");
    }

    @Test
    void anEmptyNameDefaultsToCelery() {
        assertThat(CeleryNodeName.of("@%h", "box")).isEqualTo("celery@box");
    }
}

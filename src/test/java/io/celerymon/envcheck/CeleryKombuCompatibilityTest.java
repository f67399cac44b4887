package io.celerymon.envcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CeleryKombuCompatibilityTest {

    @Test
    void debiansPairFits() {
        assertThat(CeleryKombuCompatibility.problem("5.2.6", "5.2.4", List.of())).isEmpty();
        assertThat(CeleryKombuCompatibility.problem("5.4.0", "5.3.7", List.of())).isEmpty();
    }

    @Test
    void anOlderKombuOrAnotherMajorDoesNot() {
        assertThat(CeleryKombuCompatibility.problem("5.3.1", "5.2.4", List.of())).get().asString()
                .contains("kombu>=5.3.1,<6.0");
        assertThat(CeleryKombuCompatibility.problem("5.5.3", "5.6.0", List.of())).get().asString()
                .contains("kombu>=5.5.2,<5.6");
        assertThat(CeleryKombuCompatibility.problem("5.2.0", "5.2.1", List.of())).isEmpty();
        assertThat(CeleryKombuCompatibility.problem("5.2.6", "4.6.11", List.of())).isPresent();
    }

    @Test
    void celerysOwnMetadataWins() {
        List<String> requires = List.of("billiard<5.0,>=4.1.0", "kombu<6.0,>=5.2.3");
        assertThat(CeleryKombuCompatibility.problem("5.2.6", "5.2.2", requires)).get().asString()
                .contains("kombu<6.0,>=5.2.3");
        assertThat(CeleryKombuCompatibility.problem("5.2.6", "5.3.0", requires)).isEmpty();
    }

    @Test
    void unknownVersionsSayNothing() {
        assertThat(CeleryKombuCompatibility.problem(null, "5.2.4", List.of())).isEmpty();
        assertThat(CeleryKombuCompatibility.compare("5.3.0rc1", "5.3.0")).isZero();
    }
}

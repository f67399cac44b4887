package io.celerymon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverTest {

    private static final List<BrokerUrl> THREE = BrokerUrls.parse(
            "redis://:pwA@h1:6402/9;redis://:pwB@h2:6379/3;redis://h3:6379/0");

    private static BrokerUnreachableException hung(BrokerUrl url) {
        return new BrokerUnreachableException(url.masked() + ": no answer in time while trying to connect", null);
    }

    @Test
    void theFirstEntryThatAnswersWinsAndEarlierFailuresAreKept() {
        Failover.Connected<String> connected = Failover.connect(THREE, Deadline.in(Duration.ofSeconds(3)),
                (url, share) -> {
                    if (url.host().equals("h1")) {
                        throw hung(url);
                    }
                    return "client@" + url.host();
                });
        assertThat(connected.client()).isEqualTo("client@h2");
        assertThat(connected.index()).isEqualTo(1);
        assertThat(connected.url().host()).isEqualTo("h2");
        assertThat(connected.earlier()).hasSize(1);
        assertThat(connected.summary()).isEqualTo("connected to redis://:****@h2:6379/3 (entry 2) after: "
                + "redis://:****@h1:6402/9: no answer in time while trying to connect")
                .doesNotContain("pwA", "pwB");
    }

    @Test
    void theFirstEntryAnsweringNeedsNoSummary() {
        Failover.Connected<String> connected = Failover.connect(THREE, Deadline.in(Duration.ofSeconds(3)),
                (url, share) -> url.host());
        assertThat(connected.client()).isEqualTo("h1");
        assertThat(connected.earlier()).isEmpty();
        assertThat(connected.summary()).isEmpty();
    }

    @Test
    void eachEntryGetsTheTimeLeftDividedByTheEntriesLeft() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(3));
        List<Long> shares = new ArrayList<>();
        assertThatThrownBy(() -> Failover.connect(THREE, deadline, (url, share) -> {
            shares.add(share.remainingMillis());
            throw hung(url);
        })).isInstanceOf(BrokerUnreachableException.class);
        // Each attempt failed at once, so the time left barely moved: 3 s / 3, then / 2, then all.
        assertThat(shares).hasSize(3);
        assertThat(shares.get(0)).isBetween(900L, 1000L);
        assertThat(shares.get(1)).isBetween(1400L, 1500L);
        assertThat(shares.get(2)).isBetween(2800L, 3000L);
    }

    @Test
    void everyFailureIsNamedInOneLineInListOrder() {
        assertThatThrownBy(() -> Failover.connect(THREE, Deadline.in(Duration.ofSeconds(1)), (url, share) -> {
            throw hung(url);
        })).isInstanceOf(BrokerUnreachableException.class)
                .hasMessage("redis://:****@h1:6402/9: no answer in time while trying to connect; "
                        + "redis://:****@h2:6379/3: no answer in time while trying to connect; "
                        + "redis://h3:6379/0: no answer in time while trying to connect");
    }

    @Test
    void aRefusedPasswordAnywhereMakesTheWholeFailureACredentialsFailure() {
        assertThatThrownBy(() -> Failover.connect(THREE, Deadline.in(Duration.ofSeconds(1)), (url, share) -> {
            if (url.host().equals("h2")) {
                throw new BrokerAuthException(url.masked() + ": authentication refused", null);
            }
            throw hung(url);
        })).isInstanceOf(BrokerAuthException.class);
    }

    @Test
    void aSingleEntryFailsWithItsOwnException() {
        BrokerProtocolException own = new BrokerProtocolException("h1: ERR DB index is out of range", null);
        assertThatThrownBy(() -> Failover.connect(THREE.subList(0, 1), Deadline.in(Duration.ofSeconds(1)),
                (url, share) -> {
                    throw own;
                })).isSameAs(own);
    }
}

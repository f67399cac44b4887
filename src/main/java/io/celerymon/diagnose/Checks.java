package io.celerymon.diagnose;

import java.util.ArrayList;
import java.util.List;

/** The one place where the checks of a diagnose run are registered; a new check is one line here. */
public final class Checks {

    private Checks() {
    }

    /** Every check, in report order; one Flower check per {@code --flower} URL. */
    public static List<Check> standard(DiagnoseSettings settings) {
        List<Check> checks = new ArrayList<>(List.of(
                new BrokerCheck(),
                new DiscoveryCheck(),
                new BlockingMatrixCheck(),
                new HeartbeatCheck(),
                new PoolCheck(),
                new QueueCheck(),
                new LeftoversCheck()));
        settings.flowerUrls().forEach(url -> checks.add(new FlowerCheck(url)));
        if (settings.localScan()) {
            checks.add(new LocalProcessesCheck());
        }
        return checks;
    }

    /** The checks an option turned off, reported as such: they do not count toward the verdict. */
    public static List<CheckOutcome> notRequested(DiagnoseSettings settings) {
        List<CheckOutcome> off = new ArrayList<>();
        if (settings.flowerUrls().isEmpty()) {
            off.add(CheckOutcome.notRequested("flower", "no --flower URL given"));
        }
        if (!settings.localScan()) {
            off.add(CheckOutcome.notRequested("local_processes", "--no-local-scan"));
        }
        return off;
    }
}

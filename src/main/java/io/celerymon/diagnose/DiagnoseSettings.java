package io.celerymon.diagnose;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a diagnose run was asked to do.
 *
 * @param callTimeout per control call (every inspect method is one broadcast with this timeout)
 * @param heartbeatWindow how long to listen for heartbeats; null: 2 × the largest known freq + 1 s
 * @param slow a reply or a Flower response slower than this is reported slow
 * @param flowerTimeout how long a Flower URL gets to answer
 * @param flowerUrls Flower base URLs to probe (userinfo is basic auth)
 * @param extraQueues queues to check besides those the workers consume
 * @param cleanup remove provably orphaned reply leftovers (with --yes only)
 * @param localScan scan this host's /proc for Celery processes (env-check's process scan)
 */
public record DiagnoseSettings(Duration callTimeout, Duration heartbeatWindow, Duration slow, Duration flowerTimeout,
                               List<URI> flowerUrls, List<String> extraQueues, boolean cleanup, boolean localScan) {

    /** Celery's default heartbeat interval, used when no worker's freq is known. */
    public static final double DEFAULT_FREQ_SECONDS = 2.0;

    public DiagnoseSettings {
        flowerUrls = List.copyOf(flowerUrls);
        extraQueues = List.copyOf(extraQueues);
    }
}

package io.celerymon.events;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events per second by kind over the last minute, in a fixed ring of per-second buckets, so its
 * memory does not grow with the event count. The caller bounds the number of kinds.
 */
final class RateWindow {

    static final int SECONDS = 60;

    private final long originNanos;
    private final long[] bucketSecond = new long[SECONDS];
    private final Map<String, long[]> countsByKind = new LinkedHashMap<>();

    RateWindow(long originNanos) {
        this.originNanos = originNanos;
        Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    void record(String kind, long nowNanos) {
        long second = secondOf(nowNanos);
        int index = (int) Math.floorMod(second, (long) SECONDS);
        if (bucketSecond[index] != second) {
            bucketSecond[index] = second;
            for (long[] counts : countsByKind.values()) {
                counts[index] = 0;
            }
        }
        countsByKind.computeIfAbsent(kind, k -> new long[SECONDS])[index]++;
    }

    /**
     * Per-second rates by kind: events in the current and the 59 previous whole seconds, divided
     * by the time observed, which is the full minute once the stream is that old.
     */
    Map<String, Double> rates(long nowNanos) {
        long second = secondOf(nowNanos);
        double window = Math.min(SECONDS, Math.max(1.0, NanoEpoch.seconds(originNanos, nowNanos)));
        Map<String, Double> rates = new LinkedHashMap<>();
        countsByKind.forEach((kind, counts) -> {
            long sum = 0;
            for (int i = 0; i < SECONDS; i++) {
                if (bucketSecond[i] > second - SECONDS && bucketSecond[i] <= second) {
                    sum += counts[i];
                }
            }
            rates.put(kind, sum / window);
        });
        return rates;
    }

    private long secondOf(long nanos) {
        return Math.floorDiv(nanos - originNanos, 1_000_000_000L);
    }
}

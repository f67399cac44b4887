import io.celerymon.broker.InboundMessage;
import io.celerymon.events.CeleryEvent;
import io.celerymon.events.ClusterState;
import io.celerymon.events.EventDecoder;
import io.celerymon.events.NanoEpoch;
import io.celerymon.output.events.EventNdjsonRenderer;
import io.celerymon.protocol.CeleryJson;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * bench/events-decode.sh's Java side: what `celerymon events -o ndjson` does with each message
 * once the broker client has it (decode, cluster state, NDJSON line), on one thread, over message
 * bodies read from a file, with the output going to /dev/null the way the CLI writes stdout. The
 * file is held in memory whole, so the heap is larger than bin/celerymon's; the young generation,
 * where the work happens, is the same.
 * Prints one line per pass: "pass events seconds".
 */
public final class EventsDecodeBench {

    public static void main(String[] args) throws Exception {
        byte[] file = Files.readAllBytes(Path.of(args[0]));
        List<int[]> lines = new ArrayList<>();
        for (int start = 0, end; start < file.length; start = end + 1) {
            end = start;
            while (end < file.length && file[end] != '\n') {
                end++;
            }
            lines.add(new int[] {start, end});
        }
        int passes = Integer.parseInt(args[1]);
        EventDecoder decoder = new EventDecoder(new CeleryJson());
        ClusterState state = new ClusterState("bench", NanoEpoch.anchor(Clock.systemUTC(), System.nanoTime()));
        EventNdjsonRenderer renderer = new EventNdjsonRenderer("redis://127.0.0.1:6379/0");
        try (PrintWriter out = new PrintWriter(new OutputStreamWriter(
                new BufferedOutputStream(new FileOutputStream("/dev/null"), 1 << 16), StandardCharsets.UTF_8))) {
            for (int pass = 1; pass <= passes; pass++) {
                long events = 0;
                long start = System.nanoTime();
                for (int[] line : lines) {
                    // A body of its own per message, as the broker client allocates one.
                    byte[] body = Arrays.copyOfRange(file, line[0], line[1]);
                    long now = System.nanoTime();
                    InboundMessage message = new InboundMessage("application/json", "utf-8", Map.of(), body, now);
                    for (CeleryEvent event : decoder.decode(message, System.currentTimeMillis() / 1000.0)) {
                        events++;
                        state.onEvent(event, now);
                        renderer.write(event, out);
                    }
                }
                out.flush();
                System.out.printf("%d %d %.6f%n", pass, events, (System.nanoTime() - start) / 1e9);
            }
        }
    }
}

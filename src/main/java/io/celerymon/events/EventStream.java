package io.celerymon.events;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.EventSubscription;
import io.celerymon.broker.InboundMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Celery events as they arrive, decoded, from one subscription. Messages are decoded on the
 * broker client's thread into a bounded queue; when the reader falls that far behind, further
 * events are dropped and counted rather than held in memory. Events are handed over a message
 * at a time (a {@code task.multi} batch is one hand-off, not 24), and one thread reads.
 */
public final class EventStream implements AutoCloseable {

    /** Events held for the reader at most, by default. */
    public static final int DEFAULT_CAPACITY = 100_000;
    /** How often a waiting {@link #next} looks whether the subscription was lost. */
    private static final long FAILURE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final BlockingQueue<List<CeleryEvent>> queue = new LinkedBlockingQueue<>();
    /** Events in {@link #queue}: what the capacity bounds. */
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final EventDecoder decoder;
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String lastUndecodable;
    private EventSubscription subscription;
    /** The reader's batch, taken off the queue, and the index of its next event: reader thread only. */
    private List<CeleryEvent> batch = List.of();
    private int position;

    private EventStream(EventDecoder decoder, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.decoder = decoder;
        this.capacity = capacity;
    }

    /** Subscribes through {@code client}; the deadline bounds the subscribing only. */
    public static EventStream open(BrokerClient client, EventDecoder decoder, Deadline deadline) {
        return open(client, decoder, DEFAULT_CAPACITY, deadline);
    }

    /** As {@link #open(BrokerClient, EventDecoder, Deadline)}, holding at most {@code capacity} events. */
    public static EventStream open(BrokerClient client, EventDecoder decoder, int capacity, Deadline deadline) {
        EventStream stream = new EventStream(decoder, capacity);
        stream.subscription = client.subscribeEvents(stream::accept, deadline);
        return stream;
    }

    private void accept(InboundMessage message) {
        double ageSeconds = (System.nanoTime() - message.receivedNanos()) / 1e9;
        double localReceived = System.currentTimeMillis() / 1000.0 - Math.max(0, ageSeconds);
        List<CeleryEvent> events;
        try {
            events = decoder.decode(message, localReceived);
        } catch (DecodeException e) {
            undecodable.incrementAndGet();
            lastUndecodable = e.getMessage();
            return;
        }
        if (events.isEmpty()) {
            return;
        }
        int taken;
        int before;
        do {
            before = queued.get();
            taken = Math.min(events.size(), capacity - Math.max(0, before));
            if (taken <= 0) {
                dropped.addAndGet(events.size());
                return;
            }
        } while (!queued.compareAndSet(before, before + taken));
        if (taken < events.size()) {
            dropped.addAndGet(events.size() - taken);
            events = events.subList(0, taken);
        }
        queue.add(events);
    }

    /**
     * The next event, waiting for one until {@code deadline}; empty at the deadline. One thread
     * reads: this and {@link #hasPending} are not for concurrent use.
     *
     * @throws BrokerException when the subscription was lost and every event received before
     *     that has been read
     */
    public Optional<CeleryEvent> next(Deadline deadline) {
        if (position < batch.size() || take(deadline)) {
            return Optional.of(batch.get(position++));
        }
        return Optional.empty();
    }

    /** Makes the next non-empty batch the reader's, waiting until {@code deadline}; false if none came. */
    private boolean take(Deadline deadline) {
        while (true) {
            List<CeleryEvent> next = queue.poll();
            if (next != null) {
                return use(next);
            }
            Optional<BrokerException> failure = subscription.failure();
            if (failure.isPresent()) {
                next = queue.poll();
                if (next != null) {
                    return use(next);
                }
                throw failure.get();
            }
            long wait = Math.min(deadline.remaining().toNanos(), FAILURE_CHECK_NANOS);
            if (wait <= 0) {
                return false;
            }
            try {
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (next != null) {
                return use(next);
            }
        }
    }

    private boolean use(List<CeleryEvent> next) {
        queued.addAndGet(-next.size());
        batch = next;
        position = 0;
        return true;
    }

    /** Whether an event is waiting to be read right now. */
    public boolean hasPending() {
        return position < batch.size() || !queue.isEmpty();
    }

    /** Messages that were not decodable Celery events (another serializer, garbage), so far. */
    public long undecodable() {
        return undecodable.get();
    }

    /** Why the latest undecodable message was refused, or null if none was. */
    public String lastUndecodableReason() {
        return lastUndecodable;
    }

    /** Events dropped because the reader fell {@code capacity} events behind, so far. */
    public long dropped() {
        return dropped.get();
    }

    /** Ends the subscription (leaving nothing on the broker); events already queued stay readable. */
    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}

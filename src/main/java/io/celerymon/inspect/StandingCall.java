package io.celerymon.inspect;

import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.InboundMessage;
import io.celerymon.broker.ReplyQueue;
import io.celerymon.protocol.DecodedReply;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Broadcasts that keep listening: published at once, their replies gathered on a daemon thread
 * until {@link #close()}, however late they come. Made by {@link Mailbox#start}. A worker whose
 * hub was blocked when the request went out answers when it unblocks, and is heard then.
 */
public final class StandingCall implements AutoCloseable {

    /** How often waiting replies are fetched; closing does not wait for a slice to end. */
    private static final Duration SLICE = Duration.ofMillis(200);
    /** The longest {@link #close()} waits for the gathering thread: the last fetch and the clean-up. */
    private static final long CLOSE_WAIT_MS = 1000;
    /**
     * The reply queue lives until closed, not until a deadline; on Redis a non-blocking fetch and the
     * clean-up wait for the server's answer only while the queue's deadline lies ahead (the clean-up
     * at most half a second), so it gets one far away.
     */
    private static final Duration QUEUE_LIFETIME = Duration.ofDays(365L * 100);

    private final Mailbox mailbox;
    private final BrokerClient client;
    private final List<Mailbox.Pending> calls;
    private final Map<String, Mailbox.Pending> byTicket = new LinkedHashMap<>();
    private final Collection<String> knownWorkers;
    private final Duration timeout;
    private final BiConsumer<String, WorkerReply> onReply;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    /** Guarded by this: set once, after which nothing more is published. */
    private boolean stopped;
    /** Guarded by this: every request went out, and when the last one did. */
    private boolean published;
    private long publishedAtNanos;
    private volatile BrokerException failure;

    private StandingCall(Mailbox mailbox, BrokerClient client, List<CallSpec> specs, Collection<String> knownWorkers,
                         Duration timeout, BiConsumer<String, WorkerReply> onReply) {
        this.mailbox = mailbox;
        this.client = client;
        this.calls = specs.stream().map(spec -> new Mailbox.Pending(spec, UUID.randomUUID().toString())).toList();
        calls.forEach(call -> byTicket.put(call.gathering.ticket, call));
        this.knownWorkers = List.copyOf(knownWorkers);
        this.timeout = timeout;
        this.onReply = onReply;
        this.thread = new Thread(this::gather, "celerymon-standing-call");
        thread.setDaemon(true);
    }

    static StandingCall start(Mailbox mailbox, BrokerClient client, List<CallSpec> specs,
                              Collection<String> knownWorkers, Duration timeout, BiConsumer<String, WorkerReply> onReply) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no call to make");
        }
        StandingCall call = new StandingCall(mailbox, client, specs, knownWorkers, timeout, onReply);
        call.thread.start();
        return call;
    }

    private void gather() {
        String oid = UUID.randomUUID().toString();
        try {
            Deadline setup = Deadline.in(timeout);
            Mailbox.Expectation expectation = mailbox.expect(calls.get(0).spec, knownWorkers, setup);
            try (ReplyQueue queue = client.openReplyQueue(oid, Deadline.in(QUEUE_LIFETIME))) {
                // Under the lock: close() either comes before any request went out, or after all did,
                // so what it reports covers every request a worker may act on.
                synchronized (this) {
                    if (stopped) {
                        return;
                    }
                    for (Mailbox.Pending call : calls) {
                        mailbox.publish(call, oid, expectation, setup);
                    }
                    published = true;
                    publishedAtNanos = System.nanoTime();
                }
                // Replies are fetched without blocking, then the thread waits a slice: on Redis a
                // blocking read that outlives its client-side wait is cancelled after the server may
                // already have popped a reply, which would then be lost; a plain pop is not cut short.
                // It also leaves the blocking connection free for the calls made at exit.
                boolean last = false;
                while (!last) {
                    last = awaitSlice();
                    Optional<InboundMessage> next;
                    while ((next = queue.poll(new Deadline(System.nanoTime()))).isPresent()) {
                        take(next.get());
                    }
                }
            }
        } catch (BrokerException e) {
            // The event stream on the same broker notices the loss itself; this is for result().
            failure = e;
        }
    }

    private void take(InboundMessage message) {
        DecodedReply reply = mailbox.decode(message);
        Mailbox.Pending call = Mailbox.owner(reply, byTicket, calls);
        WorkerReply taken;
        synchronized (this) {
            int before = call.gathering.replies().size();
            call.gathering.accept(reply, message.receivedNanos() - call.publishedNanos);
            List<WorkerReply> now = call.gathering.replies();
            taken = now.size() > before ? now.get(now.size() - 1) : null;
        }
        if (taken != null) {
            onReply.accept(call.spec.method(), taken);
        }
    }

    /** Waits one slice, or less when closed meanwhile; true once closed (one last fetch follows). */
    private synchronized boolean awaitSlice() {
        if (!stopped) {
            try {
                wait(SLICE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
        return stopped;
    }

    /** Whether every request was published (false while still setting up, or when the broker failed first). */
    public synchronized boolean published() {
        return published;
    }

    /** {@link System#nanoTime()} when the last request went out; meaningful once {@link #published()}. */
    public synchronized long publishedAtNanos() {
        return publishedAtNanos;
    }

    /** Why gathering ended early, if the broker failed under it. */
    public Optional<BrokerException> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * One result per spec, in the order given, with every reply taken so far, late ones included;
     * {@code missing} names the expected workers that have not answered yet.
     */
    public synchronized List<CallResult> results() {
        double elapsedMs = (System.nanoTime() - startNanos) / 1e6;
        return calls.stream().map(c -> c.expectation == null
                ? new CallResult(c.spec.method(), client.endpoint(), elapsedMs, List.of(), List.of(), List.of(),
                        new ExpectedWorkers(ExpectedWorkers.Source.NONE, List.of(), -1), c.gathering.ignored())
                : c.expectation.result(c.spec.method(), client.endpoint(), elapsedMs, c.gathering)).toList();
    }

    /**
     * Stops gathering and removes the reply queue; returns once the thread ended or after about a
     * second (then the broker client's own close removes the queue). Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        try {
            thread.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

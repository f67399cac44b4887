package io.celerymon.broker.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.broker.BrokerAuthException;
import io.celerymon.broker.BrokerClient;
import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.BrokerException;
import io.celerymon.broker.BrokerProtocolException;
import io.celerymon.broker.BrokerUnreachableException;
import io.celerymon.broker.BrokerUrl;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.EventSubscription;
import io.celerymon.broker.Failover;
import io.celerymon.broker.InboundMessage;
import io.celerymon.broker.QueueDepth;
import io.celerymon.broker.ReplyLeftover;
import io.celerymon.broker.ReplyQueue;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * {@link BrokerClient} on Redis through Lettuce, mirroring kombu's Redis transport. It holds two
 * connections: one for BRPOP, which blocks, and one for everything else, so that clean-up can run
 * (from a shutdown hook, too) while a read is still waiting.
 */
public final class RedisBrokerClient implements BrokerClient {

    private static final Duration MIN_WAIT = Duration.ofMillis(50);
    /**
     * The most a wait tied to a call may run past that call's deadline: BRPOP's own empty answer,
     * sent by the server at the deadline, gets this long to arrive, so a paused or stalled server
     * keeps a command within its deadline plus the documented margin.
     */
    static final Duration REPLY_TAIL = Duration.ofMillis(100);
    /**
     * How late Redis may answer a BRPOP whose timeout passed: it looks for them on its timer, ten
     * times a second by default (hz 10), so a BRPOP is ended this long before the deadline and the
     * rest is polled. Measured on this project's machines: up to 98 ms late on a loaded host.
     */
    static final Duration SERVER_TIMER_SLACK = Duration.ofMillis(110);
    /** The pause between two non-blocking pops in the last {@link #SERVER_TIMER_SLACK} of a wait. */
    static final Duration FINAL_POLL_STEP = Duration.ofMillis(5);
    /** The late-reply drain and the clean-up together end this long after the call's deadline. */
    static final Duration CLEANUP_TAIL = Duration.ofMillis(50);
    /** The longest a clean-up waits for the server's acknowledgement when no call deadline bounds it. */
    private static final Duration CLEANUP_CAP = Duration.ofMillis(500);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisConnection<String, String> blocking;
    private final RedisKeys keys;
    /** Channel names as text, message payloads as raw bytes. */
    private static final RedisCodec<String, byte[]> EVENT_CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisEnvelope envelope;
    private final String endpoint;
    private final List<String> pidboxChannels;
    private final RedisURI uri;
    private final String sentinelMaster;
    private final Set<RedisReplyQueue> openQueues = ConcurrentHashMap.newKeySet();
    private final Set<RedisEventSubscription> openSubscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RedisBrokerClient(ClientResources resources, RedisClient client,
                              StatefulRedisConnection<String, String> commands,
                              StatefulRedisConnection<String, String> blocking, RedisKeys keys,
                              RedisEnvelope envelope, String endpoint, List<String> pidboxChannels, RedisURI uri,
                              String sentinelMaster) {
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.blocking = blocking;
        this.keys = keys;
        this.envelope = envelope;
        this.endpoint = endpoint;
        this.pidboxChannels = pidboxChannels;
        this.uri = uri;
        this.sentinelMaster = sentinelMaster;
    }

    /**
     * Connects to the first entry of the failover list that answers, each entry given a fair share
     * of the time left (see {@link Failover}). Through Sentinel the list names the sentinels, which
     * Lettuce asks in turn for the one master: that is a single attempt with the whole deadline.
     */
    public static RedisBrokerClient connect(BrokerConfig config, ObjectMapper mapper, Deadline deadline) {
        if (config.sentinelMaster() != null) {
            return connectOne(config, config.primary(), mapper, deadline);
        }
        Failover.Connected<RedisBrokerClient> connected = Failover.connect(config.urls(), deadline,
                (url, share) -> connectOne(config, url, mapper, share));
        return connected.client();
    }

    private static RedisBrokerClient connectOne(BrokerConfig config, BrokerUrl url, ObjectMapper mapper,
                                                Deadline deadline) {
        boolean sentinel = config.sentinelMaster() != null;
        String endpoint = sentinel ? config.masked() : url.masked();
        Duration wait = atLeast(deadline.remaining());
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .build();
        RedisClient client = new LeanRedisClient(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .protocolVersion(ProtocolVersion.RESP2)
                .socketOptions(SocketOptions.builder().connectTimeout(wait).build())
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .sslOptions(sslOptions(config))
                .build());
        RedisURI uri = redisUri(config, url, wait);
        CompletableFuture<StatefulRedisConnection<String, String>> first =
                client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        CompletableFuture<StatefulRedisConnection<String, String>> second =
                client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        boolean userGiven = url.username() != null && !url.username().isEmpty();
        try {
            StatefulRedisConnection<String, String> commands = await(first, deadline, endpoint, "connect", userGiven);
            StatefulRedisConnection<String, String> blocking = await(second, deadline, endpoint, "connect", userGiven);
            // Lettuce's handshake accepts a server that echoes, or answers anything array-shaped:
            // a server is taken for Redis only once it answered PING like one.
            String pong = await(commands.async().ping(), deadline, endpoint, "connect");
            if (!"PONG".equals(pong)) {
                throw new BrokerProtocolException(endpoint + ": not a Redis server: it answered PING with '"
                        + RedisErrors.quote(pong) + "'", null);
            }
            RedisKeys keys = new RedisKeys(url.redisDb(), config.keyPrefix(), config.controlExchange());
            return new RedisBrokerClient(resources, client, commands, blocking, keys, new RedisEnvelope(mapper),
                    endpoint, keys.pidboxChannels(sentinel), uri, config.sentinelMaster());
        } catch (BrokerException e) {
            BrokerException reported = e instanceof BrokerUnreachableException ? clearer(second, e, deadline, endpoint) : e;
            first.thenAccept(StatefulRedisConnection::closeAsync);
            second.thenAccept(StatefulRedisConnection::closeAsync);
            shutdown(client, resources);
            if (sentinel) {
                throw RedisErrors.throughSentinel(reported, endpoint, config.sentinelMaster());
            }
            throw url.tls() || !RedisErrors.worthAPlainPing(reported) ? reported : PlainPing
                    .notRedis(url.host(), url.port(), deadline)
                    .<BrokerException>map(why -> new BrokerProtocolException(endpoint + ": " + why, reported))
                    .orElse(reported);
        }
    }

    private static RedisURI redisUri(BrokerConfig config, BrokerUrl url, Duration timeout) {
        RedisURI.Builder builder;
        if (config.sentinelMaster() != null) {
            BrokerUrl firstSentinel = config.urls().get(0);
            builder = config.sentinelPassword() != null
                    ? RedisURI.Builder.sentinel(firstSentinel.host(), firstSentinel.port(), config.sentinelMaster(),
                    config.sentinelPassword())
                    : RedisURI.Builder.sentinel(firstSentinel.host(), firstSentinel.port(), config.sentinelMaster());
            for (BrokerUrl other : config.urls().subList(1, config.urls().size())) {
                if (config.sentinelPassword() != null) {
                    builder.withSentinel(other.host(), other.port(), config.sentinelPassword());
                } else {
                    builder.withSentinel(other.host(), other.port());
                }
            }
        } else {
            builder = RedisURI.Builder.redis(url.host(), url.port());
        }
        builder.withDatabase(url.redisDb()).withTimeout(timeout).withClientName("celerymon");
        if (url.password() != null) {
            if (url.username() != null && !url.username().isEmpty()) {
                builder.withAuthentication(url.username(), url.password());
            } else {
                builder.withPassword(url.password());
            }
        }
        if (url.tls()) {
            builder.withSsl(true).withVerifyPeer(config.tls().verify() ? SslVerifyMode.FULL : SslVerifyMode.NONE);
        }
        return builder.build();
    }

    private static SslOptions sslOptions(BrokerConfig config) {
        SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
        if (config.tls().caCerts() != null) {
            ssl.trustManager(config.tls().caCerts().toFile());
        }
        if (config.tls().certFile() != null && config.tls().keyFile() != null) {
            ssl.keyManager(config.tls().certFile().toFile(), config.tls().keyFile().toFile(), null);
        }
        return ssl.build();
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public ReplyQueue openReplyQueue(String oid, Deadline deadline) {
        // Tracked before the SADD is even sent, so a SIGTERM arriving while it is in flight still
        // removes the binding (removing a member that never arrived is harmless).
        RedisReplyQueue queue = new RedisReplyQueue(oid, deadline);
        openQueues.add(queue);
        RedisAsyncCommands<String, String> cmd = commands.async();
        // The binding must exist before the publish: workers look it up to route their reply.
        await(cmd.sadd(keys.bindingSet(keys.replyExchange()), keys.replyBindingMember(oid)), deadline, endpoint,
                "register the reply queue");
        return queue;
    }

    @Override
    public OptionalLong publishControl(byte[] jsonBody, Map<String, Object> headers, Deadline deadline) {
        String message = envelope.request(jsonBody, headers, keys.pidboxExchange());
        List<CompletableFuture<Long>> publishes = pidboxChannels.stream()
                .map(channel -> commands.async().publish(channel, message).toCompletableFuture()).toList();
        long receivers = 0;
        for (CompletableFuture<Long> publish : publishes) {
            Long count = await(publish, deadline, endpoint, "publish the control message");
            if (count == null) {
                return OptionalLong.empty();
            }
            receivers += count;
        }
        return OptionalLong.of(receivers);
    }

    @Override
    public Optional<Set<String>> registeredPidboxes(Deadline deadline) {
        Set<String> members = await(commands.async().smembers(keys.bindingSet(keys.pidboxExchange())), deadline,
                endpoint, "read the pidbox bindings");
        Set<String> nodes = new LinkedHashSet<>();
        for (String member : members) {
            String node = keys.nodeOfPidboxMember(member);
            if (node != null) {
                nodes.add(node);
            }
        }
        return Optional.of(nodes);
    }

    @Override
    public Optional<Map<String, Boolean>> pidboxConsumers(Collection<String> nodeNames, Deadline deadline) {
        return Optional.empty();
    }

    @Override
    public void verifyUsable(Deadline deadline) {
        new RedisUsability(commands, keys, endpoint).verify(deadline);
    }

    @Override
    public Duration roundTrip(Deadline deadline) {
        long start = System.nanoTime();
        await(commands.async().ping(), deadline, endpoint, "ping the server");
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** LLEN of every priority list of every queue, pipelined on the command connection. */
    @Override
    public Map<String, QueueDepth> queueDepths(Collection<String> queues, Deadline deadline) {
        RedisAsyncCommands<String, String> cmd = commands.async();
        Map<String, List<CompletableFuture<Long>>> pending = new LinkedHashMap<>();
        for (String queue : queues) {
            pending.put(queue, keys.listKeys(queue).stream().map(k -> cmd.llen(k).toCompletableFuture()).toList());
        }
        Map<String, QueueDepth> depths = new LinkedHashMap<>();
        for (Map.Entry<String, List<CompletableFuture<Long>>> entry : pending.entrySet()) {
            long messages = 0;
            for (CompletableFuture<Long> llen : entry.getValue()) {
                Long n = await(llen, deadline, endpoint, "read the length of queue '" + entry.getKey() + "'");
                messages += n == null ? 0 : n;
            }
            // An empty Redis list does not exist: "exists" means messages wait.
            depths.put(entry.getKey(), new QueueDepth(entry.getKey(), messages > 0, messages, OptionalInt.empty()));
        }
        return depths;
    }

    /**
     * The reply binding members and the reply lists (found with SCAN, so a large keyspace is
     * walked in steps, not blocked on), grouped by oid, with each group's list length and idle time.
     */
    @Override
    public Optional<List<ReplyLeftover>> replyLeftovers(Deadline deadline) {
        RedisAsyncCommands<String, String> cmd = commands.async();
        Set<String> members = await(cmd.smembers(keys.bindingSet(keys.replyExchange())), deadline, endpoint,
                "read the reply bindings");
        Map<String, String> memberByOid = new TreeMap<>();
        for (String member : members) {
            String oid = keys.oidOfReplyMember(member);
            if (oid != null) {
                memberByOid.put(oid, member);
            }
        }
        Map<String, List<String>> listsByOid = new TreeMap<>();
        ScanArgs match = ScanArgs.Builder.matches(keys.replyListPattern()).limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = await(cmd.scan(cursor, match), deadline, endpoint, "scan for reply lists");
            for (String key : page.getKeys()) {
                String oid = keys.oidOfReplyList(key);
                if (oid != null) {
                    listsByOid.computeIfAbsent(oid, o -> new ArrayList<>()).add(key);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        Set<String> oids = new java.util.TreeSet<>(memberByOid.keySet());
        oids.addAll(listsByOid.keySet());
        List<ReplyLeftover> leftovers = new ArrayList<>();
        for (String oid : oids) {
            List<String> lists = listsByOid.getOrDefault(oid, List.of());
            // Only OBJECT IDLETIME: any read of the list (LLEN, EXISTS) would reset the very idle
            // time that proves nobody reads it. A list that exists is not empty.
            long idle = Long.MAX_VALUE;
            boolean idleKnown = !lists.isEmpty();
            for (String key : lists) {
                try {
                    Long seconds = await(cmd.objectIdletime(key), deadline, endpoint, "read a reply list's idle time");
                    idle = seconds == null ? idle : Math.min(idle, seconds);
                    idleKnown &= seconds != null;
                } catch (io.celerymon.broker.BrokerProtocolException lfuPolicy) {
                    // OBJECT IDLETIME is refused under an LFU maxmemory-policy: the age is unknown.
                    idleKnown = false;
                }
            }
            leftovers.add(new ReplyLeftover(oid, memberByOid.get(oid), lists,
                    idleKnown ? OptionalLong.of(idle) : OptionalLong.empty()));
        }
        return Optional.of(leftovers);
    }

    @Override
    public int removeReplyLeftovers(Collection<ReplyLeftover> leftovers, Deadline deadline) {
        RedisAsyncCommands<String, String> cmd = commands.async();
        int removed = 0;
        for (ReplyLeftover leftover : leftovers) {
            if (leftover.bindingMember() != null) {
                await(cmd.srem(keys.bindingSet(keys.replyExchange()), leftover.bindingMember()), deadline, endpoint,
                        "remove a reply binding");
            }
            if (!leftover.listKeys().isEmpty()) {
                await(cmd.del(leftover.listKeys().toArray(String[]::new)), deadline, endpoint, "remove a reply list");
            }
            removed++;
        }
        return removed;
    }

    /**
     * Opens a third connection, for pub/sub only (a subscribed Redis connection takes no other
     * commands). Through Sentinel it resolves the master again, as the first connections did.
     */
    @Override
    public EventSubscription subscribeEvents(Consumer<InboundMessage> sink, Deadline deadline) {
        if (closed) {
            throw new BrokerUnreachableException(endpoint + ": the client is closed", null);
        }
        uri.setTimeout(atLeast(deadline.remaining()));
        // Messages stay bytes: the envelope is parsed straight from them, with no UTF-8 String in between.
        CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> connecting =
                client.connectPubSubAsync(EVENT_CODEC, uri).toCompletableFuture();
        StatefulRedisPubSubConnection<String, byte[]> connection;
        try {
            connection = await(connecting, deadline, endpoint, "connect for events");
        } catch (BrokerException e) {
            connecting.thenAccept(StatefulRedisPubSubConnection::closeAsync);
            throw sentinelMaster != null ? RedisErrors.throughSentinel(e, endpoint, sentinelMaster) : e;
        }
        RedisEventSubscription subscription = RedisEventSubscription.start(connection,
                keys.eventPatterns(sentinelMaster != null), envelope, sink, endpoint, deadline);
        openSubscriptions.add(subscription);
        return subscription;
    }

    /** Also removes every reply queue still open, so Ctrl-C and SIGTERM leave no keys behind. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        openQueues.forEach(RedisReplyQueue::removeFromBroker);
        openSubscriptions.forEach(RedisEventSubscription::close);
        commands.closeAsync();
        blocking.closeAsync();
        shutdown(client, resources);
    }

    // Asynchronous: nothing is left to flush, and waiting for Netty's threads would only add to
    // the command's wall time.
    private static void shutdown(RedisClient client, ClientResources resources) {
        client.shutdownAsync(0, 100, TimeUnit.MILLISECONDS)
                .whenComplete((ok, error) -> resources.shutdown(0, 100, TimeUnit.MILLISECONDS));
    }

    private static Duration atLeast(Duration d) {
        return d.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : d;
    }

    private static final Duration CLEARER_WAIT = Duration.ofMillis(300);

    /**
     * The server's own answer from the other connection attempt, when the first ended without one:
     * Lettuce now and then reports a refused AUTH in its handshake only as "Connection closed
     * prematurely" (about one connect in ten through a sentinel here), and both attempts rarely lose it.
     */
    private static BrokerException clearer(CompletableFuture<StatefulRedisConnection<String, String>> other,
            BrokerException unclear, Deadline deadline, String endpoint) {
        try {
            // Briefly: a fast failure must not turn slow, nor eat the time failover needs.
            await(other, deadline.capped(CLEARER_WAIT), endpoint, "connect");
            return unclear;
        } catch (BrokerAuthException | BrokerProtocolException answered) {
            return answered;
        } catch (BrokerException alsoUnclear) {
            return unclear;
        }
    }

    static <T> T await(Future<T> future, Deadline deadline, String endpoint, String action) {
        return await(future, deadline, endpoint, action, false);
    }

    private static <T> T await(Future<T> future, Deadline deadline, String endpoint, String action,
                               boolean userGiven) {
        try {
            return future.get(Math.max(1, deadline.remainingMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw RedisErrors.timeout(endpoint, action);
        } catch (ExecutionException e) {
            throw RedisErrors.map(endpoint, action, e.getCause() == null ? e : e.getCause(), userGiven);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RedisErrors.timeout(endpoint, action);
        } catch (RuntimeException e) {
            throw RedisErrors.map(endpoint, action, e, userGiven);
        }
    }

    /** The reply list of one call; closing removes its binding member and list keys. */
    private final class RedisReplyQueue implements ReplyQueue {
        private final String oid;
        private final String[] listKeys;
        /** The call's deadline plus {@link #CLEANUP_TAIL}: when the drain and the clean-up give up. */
        private final Deadline tail;
        private boolean removed;

        RedisReplyQueue(String oid, Deadline callDeadline) {
            this.oid = oid;
            this.tail = new Deadline(callDeadline.atNanos() + CLEANUP_TAIL.toNanos());
            this.listKeys = keys.listKeys(keys.replyQueue(oid)).toArray(String[]::new);
        }

        @Override
        public String oid() {
            return oid;
        }

        @Override
        public Optional<InboundMessage> poll(Deadline deadline) {
            if (deadline.expired()) {
                return drainOne();
            }
            // A stalled server is told by this: every answer is due by the deadline, plus a tail.
            Deadline hard = new Deadline(deadline.atNanos() + REPLY_TAIL.toNanos());
            if (deadline.remaining().compareTo(SERVER_TIMER_SLACK) <= 0) {
                return pollUntil(deadline, hard);
            }
            // Redis ends a BRPOP on its timer (every 100 ms at the default hz 10), so its empty
            // answer may come that much late: the BRPOP ends a slack before the deadline, and the
            // rest of the wait polls. BRPOP's timeout of 0 means "for ever": never send it.
            double seconds = (deadline.remaining().toNanos() - SERVER_TIMER_SLACK.toNanos()) / 1e9;
            seconds = Math.max(0.001, Math.floor(seconds * 1000) / 1000);
            KeyValue<String, String> got = await(blocking.async().brpop(seconds, listKeys), hard, endpoint,
                    "read replies");
            if (got == null || !got.hasValue()) {
                return Optional.empty();
            }
            return Optional.of(envelope.reply(got.getValue(), System.nanoTime()));
        }

        /** The last stretch of a wait, shorter than the server's timer step: non-blocking pops, a few ms apart. */
        private Optional<InboundMessage> pollUntil(Deadline deadline, Deadline hard) {
            while (true) {
                for (String key : listKeys) {
                    String value = await(commands.async().rpop(key), hard, endpoint, "read replies");
                    if (value != null) {
                        return Optional.of(envelope.reply(value, System.nanoTime()));
                    }
                }
                long sleepNanos = Math.min(FINAL_POLL_STEP.toNanos(), deadline.remaining().toNanos());
                if (sleepNanos <= 0) {
                    return Optional.empty();
                }
                LockSupport.parkNanos(sleepNanos);
                if (Thread.currentThread().isInterrupted()) {
                    return Optional.empty();
                }
            }
        }

        /**
         * One reply already waiting, without blocking. Best effort within the tail: the call's own
         * replies are in, so a server too slow to say whether late ones wait reports none.
         */
        private Optional<InboundMessage> drainOne() {
            try {
                for (String key : listKeys) {
                    String value = await(commands.async().rpop(key), tail, endpoint, "read replies");
                    if (value != null) {
                        return Optional.of(envelope.reply(value, System.nanoTime()));
                    }
                }
            } catch (BrokerUnreachableException slow) {
                // Counted as no late reply: see above.
            }
            return Optional.empty();
        }

        @Override
        public void close() {
            removeFromBroker();
            openQueues.remove(this);
        }

        void removeFromBroker() {
            synchronized (this) {
                if (removed) {
                    return;
                }
                removed = true;
            }
            // Both commands are sent whatever happens and Redis runs them once read; the wait is only
            // for the acknowledgement, within the call's tail (a paused server must not hold the
            // command past its deadline) but never longer than the cap (SIGTERM long before it).
            Deadline cleanup = tail.expired() ? new Deadline(System.nanoTime()) : tail.capped(CLEANUP_CAP);
            try {
                RedisAsyncCommands<String, String> cmd = commands.async();
                var srem = cmd.srem(keys.bindingSet(keys.replyExchange()), keys.replyBindingMember(oid));
                var del = cmd.del(listKeys);
                await(srem, cleanup, endpoint, "remove the reply binding");
                await(del, cleanup, endpoint, "remove the reply list");
            } catch (BrokerException ignored) {
                // Best effort: a broker that went away took our keys' relevance with it.
            }
        }
    }
}

package io.celerymon.broker.redis;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisReactiveCommandsImpl;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.pubsub.PubSubEndpoint;
import io.lettuce.core.pubsub.RedisPubSubReactiveCommandsImpl;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnectionImpl;
import io.lettuce.core.pubsub.api.sync.RedisPubSubCommands;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;

/**
 * A Lettuce client whose connections offer only the asynchronous API. Lettuce builds the
 * synchronous proxy and the reactive API for every connection up front, which costs a short-lived
 * CLI about a third of a second at start-up; celerymon uses neither. Pub/sub connections (the
 * event subscription) are built by a separate hook, trimmed the same way. The hooks overridden
 * here are Lettuce's own protected extension points.
 */
final class LeanRedisClient extends RedisClient {

    LeanRedisClient(ClientResources resources) {
        super(resources, new RedisURI());
    }

    @Override
    protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter writer,
            PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
        return new AsyncOnlyConnection<>(writer, pushHandler, codec, timeout);
    }

    @Override
    protected <K, V> StatefulRedisPubSubConnectionImpl<K, V> newStatefulRedisPubSubConnection(
            PubSubEndpoint<K, V> endpoint, RedisChannelWriter writer, RedisCodec<K, V> codec, Duration timeout) {
        return new AsyncOnlyPubSubConnection<>(endpoint, writer, codec, timeout);
    }

    /** A pub/sub connection whose {@code sync()} and {@code reactive()} are null: only {@code async()} is used. */
    private static final class AsyncOnlyPubSubConnection<K, V> extends StatefulRedisPubSubConnectionImpl<K, V> {

        AsyncOnlyPubSubConnection(PubSubEndpoint<K, V> endpoint, RedisChannelWriter writer, RedisCodec<K, V> codec,
                                  Duration timeout) {
            super(endpoint, writer, codec, timeout);
        }

        @Override
        protected RedisPubSubCommands<K, V> newRedisSyncCommandsImpl() {
            return null;
        }

        @Override
        protected RedisPubSubReactiveCommandsImpl<K, V> newRedisReactiveCommandsImpl() {
            return null;
        }
    }

    /** A connection whose {@code sync()} and {@code reactive()} are null: only {@code async()} is used. */
    private static final class AsyncOnlyConnection<K, V> extends StatefulRedisConnectionImpl<K, V> {

        AsyncOnlyConnection(RedisChannelWriter writer, PushHandler pushHandler, RedisCodec<K, V> codec,
                            Duration timeout) {
            super(writer, pushHandler, codec, timeout);
        }

        @Override
        protected RedisCommands<K, V> newRedisSyncCommandsImpl() {
            return null;
        }

        @Override
        protected RedisReactiveCommandsImpl<K, V> newRedisReactiveCommandsImpl() {
            return null;
        }
    }
}

package io.celerymon.broker.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.celerymon.broker.BrokerProtocolException;
import io.celerymon.broker.Deadline;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Proves the user may do on the vhost what every later call does: declare a queue (configure),
 * publish to it (write) and read from it (read). A missing permission is the broker's
 * ACCESS_REFUSED, a {@link io.celerymon.broker.BrokerAuthException}. The queue is exclusive,
 * auto-delete and expiring, named like a reply queue so permissions written for Celery's names apply.
 */
final class AmqpUsability {

    private static final Map<String, Object> ARGUMENTS = Map.of("x-expires", 10_000);
    private static final byte[] BODY = "celerymon usability check".getBytes(StandardCharsets.UTF_8);

    private final ChannelCalls calls;
    private final String replyExchange;

    AmqpUsability(ChannelCalls calls, String replyExchange) {
        this.calls = calls;
        this.replyExchange = replyExchange;
    }

    void verify(Deadline deadline) {
        String queue = "celerymon-check-" + UUID.randomUUID() + "." + replyExchange;
        Channel channel = calls.open(deadline);
        try {
            calls.run(channel, deadline, "declaring queue '" + queue + "'",
                    () -> channel.queueDeclare(queue, false, true, true, ARGUMENTS));
            calls.run(channel, deadline, "enabling publisher confirms", channel::confirmSelect);
            // Confirmed: the queue holds the message, so the get below cannot race the publish.
            calls.run(channel, deadline, "publishing to queue '" + queue + "'", () -> {
                channel.basicPublish("", queue, null, BODY);
                channel.waitForConfirmsOrDie(Math.max(1, deadline.remainingMillis()));
                return null;
            });
            GetResponse got = calls.run(channel, deadline, "reading from queue '" + queue + "'",
                    () -> channel.basicGet(queue, true));
            if (got == null) {
                throw new BrokerProtocolException(calls.url().masked() + ": a message published to queue '" + queue
                        + "' and confirmed could not be read back", null);
            }
        } finally {
            calls.removeQueue(channel, null, queue);
        }
    }
}

package io.celerymon.broker.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A tiny Java stand-in for a Celery worker's pidbox: declares and consumes
 * {@code <node>.celery.pidbox} as kombu 5.2 does and answers every request with a pong, the way
 * kombu's {@code Node.reply} does. Records the requests it saw.
 */
final class StandInWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String node;
    final BlockingQueue<AMQP.BasicProperties> requests = new LinkedBlockingQueue<>();
    private final Connection connection;

    StandInWorker(String vhost, String node) throws Exception {
        this(vhost, node, false);
    }

    /** @param exclusive declare the pidbox queue exclusive, as Celery 5.7 does */
    StandInWorker(String vhost, String node, boolean exclusive) throws Exception {
        this.node = node;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost(vhost);
        factory.setAutomaticRecoveryEnabled(false);
        connection = factory.newConnection("celerymon-test-standin");
        Channel channel = connection.createChannel();
        String queue = node + ".celery.pidbox";
        channel.exchangeDeclare("celery.pidbox", "fanout", false, false, null);
        channel.queueDeclare(queue, false, exclusive, true, Map.of("x-expires", 10_000, "x-message-ttl", 300_000));
        channel.queueBind(queue, "celery.pidbox", "");
        channel.basicConsume(queue, true, (tag, delivery) -> {
            requests.add(delivery.getProperties());
            reply(channel, JSON.readTree(delivery.getBody()));
        }, tag -> { });
    }

    private void reply(Channel channel, JsonNode request) throws IOException {
        JsonNode replyTo = request.get("reply_to");
        if (replyTo == null || replyTo.isNull()) {
            return;
        }
        String exchange = replyTo.get("exchange").asText();
        channel.exchangeDeclare(exchange, "direct", false, false, null);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("utf-8")
                .headers(Map.of("ticket", request.get("ticket").asText(), "clock", 7))
                .deliveryMode(1)
                .priority(0)
                .build();
        byte[] body = ("{\"" + node + "\": {\"ok\": \"pong\"}}").getBytes(StandardCharsets.UTF_8);
        channel.basicPublish(exchange, replyTo.get("routing_key").asText(), properties, body);
    }

    @Override
    public void close() throws IOException {
        connection.close(2000);
    }
}

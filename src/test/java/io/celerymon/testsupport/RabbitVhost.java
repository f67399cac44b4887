package io.celerymon.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh RabbitMQ virtual host {@code cmtest-<hex>} on the local broker, with full permissions
 * for guest; deleted (with everything in it) on close. Uses {@code rabbitmqctl}.
 */
public final class RabbitVhost implements AutoCloseable {
    private static final Duration CTL_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;

    private RabbitVhost(String name) {
        this.name = name;
    }

    /** Creates the vhost and grants guest configure/write/read on everything in it. */
    public static RabbitVhost create() {
        String name = "cmtest-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
        ctl("add_vhost", name);
        RabbitVhost vhost = new RabbitVhost(name);
        try {
            ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
            return vhost;
        } catch (RuntimeException e) {
            vhost.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** {@code amqp://guest:guest@127.0.0.1:5672/<vhost, percent-encoded>}. */
    public String amqpUrl() {
        return "amqp://guest:guest@127.0.0.1:5672/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Names of the queues in this vhost now. */
    public Set<String> queues() {
        return names(list("list_queues", "name"));
    }

    /** Names of the exchanges in this vhost now (including the built-in amq.* ones and ""). */
    public Set<String> exchanges() {
        return names(list("list_exchanges", "name"));
    }

    /** Each binding as {@code source -> destination (routing key)}. */
    public List<String> bindings() {
        List<String> bindings = new ArrayList<>();
        for (JsonNode row : list("list_bindings", "source_name", "destination_name", "routing_key")) {
            bindings.add(row.path("source_name").asText() + " -> " + row.path("destination_name").asText()
                    + " (" + row.path("routing_key").asText() + ")");
        }
        return bindings;
    }

    /** Names of every vhost on the broker. */
    public static Set<String> allVhosts() {
        Set<String> names = new TreeSet<>();
        try {
            JSON.readTree(ctl("list_vhosts", "name", "--formatter", "json", "--quiet"))
                    .forEach(row -> names.add(row.path("name").asText()));
        } catch (IOException e) {
            throw new IllegalStateException("rabbitmqctl list_vhosts printed no JSON", e);
        }
        return names;
    }

    /** Deletes the vhost with all its queues and exchanges. */
    @Override
    public void close() {
        ctl("delete_vhost", name);
    }

    private List<JsonNode> list(String command, String... columns) {
        List<String> args = new ArrayList<>(List.of(command, "-p", name));
        args.addAll(List.of(columns));
        args.addAll(List.of("--formatter", "json", "--quiet"));
        String out = ctl(args.toArray(String[]::new));
        try {
            List<JsonNode> rows = new ArrayList<>();
            JSON.readTree(out).forEach(rows::add);
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("rabbitmqctl " + command + " printed no JSON: " + out, e);
        }
    }

    private static Set<String> names(List<JsonNode> rows) {
        Set<String> names = new TreeSet<>();
        rows.forEach(row -> names.add(row.path("name").asText()));
        return names;
    }

    private static String ctl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("rabbitmqctl");
        command.addAll(List.of(args));
        CommandResult result = CommandRunner.run(command, Map.of(), CTL_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed\n" + result.describe());
        }
        return result.stdout();
    }
}

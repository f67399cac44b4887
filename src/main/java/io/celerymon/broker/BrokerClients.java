package io.celerymon.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.celerymon.broker.amqp.AmqpBrokerClient;
import io.celerymon.broker.redis.RedisBrokerClient;

/** Opens the {@link BrokerClient} for a configuration's transport. */
public final class BrokerClients {

    private BrokerClients() {
    }

    public static BrokerClient connect(BrokerConfig config, ObjectMapper mapper, Deadline deadline) {
        return switch (config.transport()) {
            case REDIS -> RedisBrokerClient.connect(config, mapper, deadline);
            case AMQP -> AmqpBrokerClient.connect(config, deadline);
        };
    }
}

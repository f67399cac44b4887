package io.celerymon.broker;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything needed to reach one broker, resolved from options, environment and env file.
 *
 * @param urls failover alternatives, tried in order; all of one {@link Transport}
 * @param sentinelMaster Redis Sentinel master name (kombu's {@code master_name}), null unless
 *     the URLs are sentinel URLs
 * @param sentinelPassword password for the sentinels themselves, or null
 * @param tls TLS settings, used when a URL is rediss/amqps
 * @param keyPrefix kombu's {@code global_keyprefix} for Redis keys and channels ("" by default)
 * @param controlExchange Celery's {@code control_exchange} ("celery" by default)
 * @param origin where the URL came from, for messages: "--broker", "CELERYMON_BROKER_URL",
 *     "CELERY_BROKER_URL", "env file PATH", or "default"
 */
public record BrokerConfig(List<BrokerUrl> urls, String sentinelMaster, String sentinelPassword, TlsOptions tls,
                           String keyPrefix, String controlExchange, String origin) {

    public BrokerConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no broker URL");
        }
    }

    public Transport transport() {
        return urls.get(0).transport();
    }

    public BrokerUrl primary() {
        return urls.get(0);
    }

    /** All URLs, masked, joined with ';' as Celery writes failover lists. */
    public String masked() {
        return urls.stream().map(BrokerUrl::masked).collect(Collectors.joining(";"));
    }

    @Override
    public String toString() {
        return masked();
    }
}

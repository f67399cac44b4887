package io.celerymon.broker;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns command-line options, the process environment and an optional env file into one
 * {@link BrokerConfig}, reading the settings the way Dify's {@code api/configs} and
 * {@code api/extensions/ext_celery.py} do.
 *
 * <p>URL precedence: {@code --broker}, {@code CELERYMON_BROKER_URL}, {@code CELERY_BROKER_URL}
 * (process environment), {@code CELERY_BROKER_URL} in the env file, then Celery's default. Every
 * other setting: option, then process environment, then env file. Blank values count as unset.
 */
public final class BrokerConfigResolver {
    /** Celery's {@code broker_url} when nothing is configured. */
    public static final String DEFAULT_BROKER_URL = "amqp://guest:guest@localhost:5672//";
    public static final String DEFAULT_CONTROL_EXCHANGE = "celery";

    private BrokerConfigResolver() {
    }

    /** Resolves the broker configuration; {@link BrokerConfigException} when it is unusable. */
    public static BrokerConfig resolve(BrokerSettings cli, Map<String, String> processEnv) {
        return resolve(cli, processEnv, Deadline.in(EnvFile.DEFAULT_READ_TIMEOUT));
    }

    /** As {@link #resolve(BrokerSettings, Map)}, reading the env file (if any) by {@code deadline}. */
    public static BrokerConfig resolve(BrokerSettings cli, Map<String, String> processEnv, Deadline deadline) {
        Map<String, String> fileEnv = cli.envFile() == null ? Map.of()
                : EnvFile.read(cli.envFile(), processEnv, deadline);
        Settings settings = new Settings(processEnv, fileEnv, cli.envFile());

        String origin;
        String text;
        if (cli.brokerUrl() != null) {
            if (cli.brokerUrl().isBlank()) {
                throw new BrokerConfigException("--broker is empty");
            }
            origin = "--broker";
            text = cli.brokerUrl();
        } else if (nonBlank(processEnv.get("CELERYMON_BROKER_URL")) != null) {
            origin = "CELERYMON_BROKER_URL";
            text = processEnv.get("CELERYMON_BROKER_URL");
        } else if (nonBlank(processEnv.get("CELERY_BROKER_URL")) != null) {
            origin = "CELERY_BROKER_URL";
            text = processEnv.get("CELERY_BROKER_URL");
        } else if (nonBlank(fileEnv.get("CELERY_BROKER_URL")) != null) {
            origin = "env file " + cli.envFile();
            text = fileEnv.get("CELERY_BROKER_URL");
        } else {
            origin = "default";
            text = DEFAULT_BROKER_URL;
        }

        ParsedBrokerUrls parsed;
        try {
            parsed = BrokerUrls.parseWithOptions(text);
        } catch (BrokerConfigException e) {
            throw new BrokerConfigException(e.getMessage() + " (from " + origin + ")", e);
        }
        List<BrokerUrl> urls = parsed.urls();
        boolean sentinel = urls.get(0).sentinel();

        String master = null;
        String sentinelPassword = null;
        if (sentinel) {
            // Dify passes master_name and the sentinel password only when CELERY_USE_SENTINEL is true.
            boolean useSentinel = settings.bool("CELERY_USE_SENTINEL");
            master = nonBlank(cli.sentinelMaster());
            if (master == null && useSentinel) {
                master = settings.get("CELERY_SENTINEL_MASTER_NAME");
            }
            if (master == null) {
                String why = !useSentinel && settings.get("CELERY_SENTINEL_MASTER_NAME") != null
                        ? " (CELERY_SENTINEL_MASTER_NAME is set but CELERY_USE_SENTINEL is not true;"
                                + " Dify ignores the master name then)"
                        : "";
                throw new BrokerConfigException(
                        "sentinel:// needs a master name: --sentinel-master or CELERY_SENTINEL_MASTER_NAME" + why);
            }
            // With an explicit --sentinel-master the operator asked for sentinel mode outright, so
            // the sentinel password is read from the environment too (never from the command line,
            // where ps would show it).
            boolean explicitMaster = nonBlank(cli.sentinelMaster()) != null;
            sentinelPassword = useSentinel || explicitMaster ? settings.get("CELERY_SENTINEL_PASSWORD") : null;
        } else if (nonBlank(cli.sentinelMaster()) != null) {
            throw new BrokerConfigException("--sentinel-master needs a sentinel:// broker URL, not '"
                    + BrokerUrlMasking.maskText(text.strip()) + "' (from " + origin + ")");
        }

        UrlTlsOptions base = parsed.tls();
        if (urls.get(0).transport() == Transport.REDIS) {
            if (settings.bool("BROKER_USE_SSL")) {
                if (sentinel) {
                    throw new BrokerConfigException("BROKER_USE_SSL is true, but TLS to Redis Sentinel is not supported");
                }
                urls = urls.stream().map(BrokerConfigResolver::withTls).toList();
            }
            boolean tlsOn = urls.stream().anyMatch(BrokerUrl::tls);
            // kombu lets ssl_* options in the URL replace broker_use_ssl, which is where Dify puts REDIS_SSL_*.
            if (tlsOn && !base.present()) {
                base = settings.difyRedisTls();
            }
        }
        TlsOptions tls = new TlsOptions(
                !cli.insecure() && (base.verify() == null || base.verify()),
                cli.caCerts() != null ? cli.caCerts() : base.caCerts(),
                cli.certFile() != null ? cli.certFile() : base.certFile(),
                cli.keyFile() != null ? cli.keyFile() : base.keyFile());

        String keyPrefix = cli.keyPrefix() != null ? cli.keyPrefix() : "";
        String exchange = nonBlank(cli.controlExchange()) != null ? cli.controlExchange() : DEFAULT_CONTROL_EXCHANGE;
        return new BrokerConfig(urls, master, sentinelPassword, tls, keyPrefix, exchange, origin);
    }

    /**
     * Dify's {@code BROKER_USE_SSL} with a redis:// URL. Dify itself derives that flag from the
     * URL (true only for rediss://), so the variable only matters outside Dify; when someone
     * sets it, connecting without TLS would send the password in clear, so take it as rediss.
     */
    private static BrokerUrl withTls(BrokerUrl url) {
        return url.scheme().equals("redis")
                ? new BrokerUrl("rediss", url.host(), url.port(), url.username(), url.password(), url.path())
                : url;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * One setting looked up in the process environment, then the env file. A class, not a record:
     * a record's toString would print every variable, passwords included.
     */
    private static final class Settings {
        private final Map<String, String> processEnv;
        private final Map<String, String> fileEnv;
        private final Path envFile;

        Settings(Map<String, String> processEnv, Map<String, String> fileEnv, Path envFile) {
            this.processEnv = processEnv;
            this.fileEnv = fileEnv;
            this.envFile = envFile;
        }

        String get(String name) {
            String value = nonBlank(processEnv.get(name));
            return value != null ? value : nonBlank(fileEnv.get(name));
        }

        String source(String name) {
            return nonBlank(processEnv.get(name)) != null ? "process environment" : "env file " + envFile;
        }

        /** A boolean as pydantic reads one; unset is false. */
        boolean bool(String name) {
            String value = get(name);
            if (value == null) {
                return false;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "1", "on", "t", "true", "y", "yes" -> true;
                case "0", "off", "f", "false", "n", "no" -> false;
                default -> throw new BrokerConfigException(
                        name + " '" + value + "' (from " + source(name) + ") is not true or false");
            };
        }

        /** The TLS settings ext_celery.py builds from REDIS_SSL_* for a rediss:// broker. */
        UrlTlsOptions difyRedisTls() {
            Boolean verify = null;
            String reqs = get("REDIS_SSL_CERT_REQS");
            if (reqs != null) {
                verify = CertReqs.verify(reqs.strip());
                if (verify == null) {
                    // Dify quietly falls back to CERT_NONE here; a typo should not silently disable checks.
                    throw new BrokerConfigException("REDIS_SSL_CERT_REQS '" + reqs + "' (from "
                            + source("REDIS_SSL_CERT_REQS") + ") is not one of " + CertReqs.ACCEPTED);
                }
            }
            return new UrlTlsOptions(verify, path("REDIS_SSL_CA_CERTS"), path("REDIS_SSL_CERTFILE"),
                    path("REDIS_SSL_KEYFILE"));
        }

        private Path path(String name) {
            String value = get(name);
            if (value == null) {
                return null;
            }
            try {
                return Path.of(value.strip());
            } catch (InvalidPathException e) {
                throw new BrokerConfigException(name + " (from " + source(name) + ") is not a valid file path", e);
            }
        }
    }
}

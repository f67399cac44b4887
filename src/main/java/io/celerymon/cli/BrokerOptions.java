package io.celerymon.cli;

import io.celerymon.broker.BrokerConfig;
import io.celerymon.broker.BrokerConfigResolver;
import io.celerymon.broker.BrokerSettings;
import io.celerymon.broker.Deadline;
import io.celerymon.broker.TlsFiles;
import io.celerymon.secrets.KnownSecrets;
import java.util.Map;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every broker-talking subcommand shares; see README "Configuration". */
public final class BrokerOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-b", "--broker"}, paramLabel = "URL",
            description = "Broker URL: redis://, rediss://, sentinel://, amqp://, amqps://, pyamqp://; "
                    + "';' separates failover URLs. Beats CELERYMON_BROKER_URL, CELERY_BROKER_URL and --env-file.")
    String broker;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "A .env file (e.g. Dify's) to read CELERY_BROKER_URL, CELERY_USE_SENTINEL, "
                    + "CELERY_SENTINEL_MASTER_NAME, CELERY_SENTINEL_PASSWORD, BROKER_USE_SSL and REDIS_SSL_* from.")
    Path envFile;

    @Option(names = "--sentinel-master", paramLabel = "NAME", description = "Redis Sentinel master name.")
    String sentinelMaster;

    @Option(names = "--insecure", description = "Do not verify the broker's TLS certificate.")
    boolean insecure;

    @Option(names = "--ca-certs", paramLabel = "FILE", description = "PEM file of CAs to trust for TLS.")
    Path caCerts;

    @Option(names = "--certfile", paramLabel = "FILE", description = "PEM client certificate for TLS.")
    Path certFile;

    @Option(names = "--keyfile", paramLabel = "FILE", description = "PEM private key for --certfile.")
    Path keyFile;

    @Option(names = "--key-prefix", paramLabel = "PREFIX",
            description = "kombu's global_keyprefix (broker_transport_options) for Redis keys and channels.")
    String keyPrefix;

    @Option(names = "--control-exchange", paramLabel = "NAME",
            description = "Celery's control_exchange setting (default: celery).")
    String controlExchange;

    /**
     * The broker configuration these options, the environment and any env file resolve to; its
     * passwords are registered with {@code secrets} before anything can print them. The env file
     * is read by {@code deadline}, the command's own.
     */
    BrokerConfig resolve(Map<String, String> env, KnownSecrets secrets, Deadline deadline) {
        checkLimits();
        BrokerConfig config = BrokerConfigResolver.resolve(toSettings(), env, deadline);
        config.urls().forEach(url -> secrets.addPassword(url.username(), url.password()));
        secrets.add(config.sentinelPassword());
        // Before any connection, for both clients: a wrong file is a usage error naming it, not a failed handshake.
        TlsFiles.check(config.tls());
        return config;
    }

    /** What no broker can take is a usage error here, before the resolver or a client meets it. */
    private void checkLimits() {
        if (broker != null) {
            OptionLimits.text(mixee, "--broker", broker, OptionLimits.URL_CHARS);
        }
        if (envFile != null && envFile.toString().isEmpty()) {
            throw new ParameterException(mixee.commandLine(), "--env-file is empty; name a .env file");
        }
        if (sentinelMaster != null) {
            OptionLimits.name(mixee, "--sentinel-master", sentinelMaster, OptionLimits.NAME_BYTES);
        }
        if (keyPrefix != null) {
            OptionLimits.name(mixee, "--key-prefix", keyPrefix, OptionLimits.NAME_BYTES);
        }
        if (controlExchange != null) {
            OptionLimits.name(mixee, "--control-exchange", controlExchange, OptionLimits.NAME_BYTES);
        }
    }

    BrokerSettings toSettings() {
        return new BrokerSettings(broker, envFile, sentinelMaster, insecure, caCerts, certFile, keyFile, keyPrefix,
                controlExchange);
    }
}

package io.celerymon.testsupport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the test Celery app ({@code cmtasks.py}) is configured: broker URL plus the settings tests
 * vary, passed to Python through environment variables.
 *
 * @param sentinelMaster transport option {@code master_name} for a sentinel:// broker
 * @param sentinelPassword the sentinels' own password ({@code sentinel_kwargs}), as Dify passes it
 * @param sslCaCerts CA file for {@code broker_use_ssl} with {@code CERT_REQUIRED} (rediss://)
 * @param celery which Celery the worker and the CLI import (the system's 5.2 or the 5.5 tree)
 */
public record CeleryAppConfig(String brokerUrl, Optional<String> taskSerializer,
        Optional<String> controlExchange, Optional<String> keyPrefix, Optional<String> sentinelMaster,
        Optional<String> sentinelPassword, Optional<Path> sslCaCerts, CeleryVersion celery) {

    /** Celery's default settings on {@code brokerUrl}. */
    public static CeleryAppConfig of(String brokerUrl) {
        return new CeleryAppConfig(brokerUrl, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), CeleryVersion.V5_2);
    }

    /** Replies (and tasks) use this serializer, e.g. "pickle"; the worker also accepts it. */
    public CeleryAppConfig withTaskSerializer(String serializer) {
        return new CeleryAppConfig(brokerUrl, Optional.of(serializer), controlExchange, keyPrefix, sentinelMaster,
                sentinelPassword, sslCaCerts, celery);
    }

    /** Celery's {@code control_exchange} (pidbox exchange becomes {@code <name>.pidbox}). */
    public CeleryAppConfig withControlExchange(String exchange) {
        return new CeleryAppConfig(brokerUrl, taskSerializer, Optional.of(exchange), keyPrefix, sentinelMaster,
                sentinelPassword, sslCaCerts, celery);
    }

    /** Redis transport option {@code global_keyprefix}. */
    public CeleryAppConfig withKeyPrefix(String prefix) {
        return new CeleryAppConfig(brokerUrl, taskSerializer, controlExchange, Optional.of(prefix), sentinelMaster,
                sentinelPassword, sslCaCerts, celery);
    }

    /** A sentinel:// broker: the master name and, if the sentinels have one, their own password. */
    public CeleryAppConfig withSentinel(String masterName, Optional<String> sentinelsPassword) {
        return new CeleryAppConfig(brokerUrl, taskSerializer, controlExchange, keyPrefix, Optional.of(masterName),
                sentinelsPassword, sslCaCerts, celery);
    }

    /** A rediss:// broker whose certificate the worker verifies against this CA file. */
    public CeleryAppConfig withSslCaCerts(Path caFile) {
        return new CeleryAppConfig(brokerUrl, taskSerializer, controlExchange, keyPrefix, sentinelMaster,
                sentinelPassword, Optional.of(caFile), celery);
    }

    /** Workers and the CLI import this Celery; 5.5 needs its tree ({@link CeleryVersion#require}). */
    public CeleryAppConfig withCelery(CeleryVersion version) {
        return new CeleryAppConfig(brokerUrl, taskSerializer, controlExchange, keyPrefix, sentinelMaster,
                sentinelPassword, sslCaCerts, version);
    }

    /** True if the worker will accept pickle, which Celery refuses to do as root unless forced. */
    public boolean acceptsPickle() {
        return taskSerializer.filter("pickle"::equals).isPresent();
    }

    /** Environment for any Python process that imports cmtasks with this configuration. */
    public Map<String, String> pythonEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        // The 5.5 tree goes after cmtasks and before /usr/lib/python3/dist-packages, so its celery,
        // kombu, billiard, vine, amqp and redis win; gevent, eventlet and click stay the system's.
        env.put("PYTHONPATH", CeleryAppDir.path() + celery.sitePackages().map(p -> ":" + p).orElse(""));
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("CM_BROKER_URL", brokerUrl);
        taskSerializer.ifPresent(s -> env.put("CM_TASK_SERIALIZER", s));
        controlExchange.ifPresent(s -> env.put("CM_CONTROL_EXCHANGE", s));
        keyPrefix.ifPresent(s -> env.put("CM_KEY_PREFIX", s));
        sentinelMaster.ifPresent(s -> env.put("CM_SENTINEL_MASTER", s));
        sentinelPassword.ifPresent(s -> env.put("CM_SENTINEL_PASSWORD", s));
        sslCaCerts.ifPresent(p -> env.put("CM_SSL_CA_CERTS", p.toString()));
        if (acceptsPickle()) {
            env.put("C_FORCE_ROOT", "1");
        }
        return env;
    }

    /** Inherited variables that would change what Python or Celery does, removed from children. */
    static void scrubInherited(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("CM_") || k.startsWith("CELERY_") || k.equals("C_FORCE_ROOT")
                || k.equals("PYTHONHOME") || k.equals("PYTHONSTARTUP"));
    }

    @Override
    public String toString() {
        // Broker URLs in tests may carry a password (PrivateRedisServer); never print it.
        return "CeleryAppConfig[broker=" + UrlMasking.mask(brokerUrl) + ", taskSerializer="
                + taskSerializer.orElse("json") + ", controlExchange=" + controlExchange.orElse("celery")
                + ", keyPrefix=" + keyPrefix.orElse("") + ", sentinelMaster=" + sentinelMaster.orElse("")
                + ", sentinelPassword=" + sentinelPassword.map(p -> "****").orElse("") + ", sslCaCerts="
                + sslCaCerts.map(Path::toString).orElse("") + ", celery=" + celery.line() + "]";
    }
}

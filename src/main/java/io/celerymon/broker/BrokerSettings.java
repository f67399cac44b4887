package io.celerymon.broker;

import java.nio.file.Path;

/**
 * What the command line said about the broker; every field is null (false for
 * {@code insecure}) when the option was not given. {@link BrokerConfigResolver} fills the gaps
 * from the environment and the env file.
 *
 * @param brokerUrl {@code -b/--broker} text, possibly a ';'-separated failover list
 * @param envFile {@code --env-file}, a dotenv file such as Dify's {@code docker/.env}
 * @param sentinelMaster {@code --sentinel-master}
 * @param insecure {@code --insecure}: do not verify the TLS server certificate or host name
 * @param caCerts {@code --ca}: PEM file of trusted CAs
 * @param certFile {@code --cert}: PEM client certificate chain
 * @param keyFile {@code --key}: PEM private key for {@code certFile}
 * @param keyPrefix {@code --key-prefix}: kombu's {@code global_keyprefix}
 * @param controlExchange {@code --control-exchange}: Celery's {@code control_exchange}
 */
public record BrokerSettings(String brokerUrl, Path envFile, String sentinelMaster, boolean insecure,
                             Path caCerts, Path certFile, Path keyFile, String keyPrefix,
                             String controlExchange) {

    /** No options given. */
    public static BrokerSettings none() {
        return new BrokerSettings(null, null, null, false, null, null, null, null, null);
    }

    /** Shows the broker URL masked: the record's generated form would print its password. */
    @Override
    public String toString() {
        return "BrokerSettings[brokerUrl=" + (brokerUrl == null ? null : BrokerUrlMasking.maskText(brokerUrl))
                + ", envFile=" + envFile + ", sentinelMaster=" + sentinelMaster + ", insecure=" + insecure
                + ", caCerts=" + caCerts + ", certFile=" + certFile + ", keyFile=" + keyFile
                + ", keyPrefix=" + keyPrefix + ", controlExchange=" + controlExchange + "]";
    }
}

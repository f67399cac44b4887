package io.celerymon.broker;

import java.nio.file.Path;

/**
 * TLS settings for {@code rediss://} and {@code amqps://}.
 *
 * @param verify whether the server certificate and host name are verified (default true;
 *     {@code --insecure} turns it off)
 * @param caCerts PEM file of trusted CAs, or null for the JVM's default trust store
 * @param certFile PEM client certificate chain, or null
 * @param keyFile PEM private key for {@code certFile}, or null
 */
public record TlsOptions(boolean verify, Path caCerts, Path certFile, Path keyFile) {
    public static final TlsOptions DEFAULT = new TlsOptions(true, null, null, null);
}

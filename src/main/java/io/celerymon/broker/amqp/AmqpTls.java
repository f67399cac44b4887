package io.celerymon.broker.amqp;

import io.celerymon.broker.BrokerConfigException;
import io.celerymon.broker.TlsFiles;
import io.celerymon.broker.TlsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link SSLContext} for {@code amqps://} from {@link TlsOptions}: PEM CA file or the
 * JVM trust store, optional PEM client certificate and key, all read by {@link TlsFiles}.
 */
final class AmqpTls {

    /** Only lives in memory, for the key store handed to the key manager. */
    private static final char[] IN_MEMORY_STORE_PASSWORD = "celerymon".toCharArray();

    private AmqpTls() {
    }

    /** The context for {@code tls}; {@code verify=false} trusts every server certificate. */
    static SSLContext sslContext(TlsOptions tls) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(tls), trustManagers(tls), null);
        return context;
    }

    private static TrustManager[] trustManagers(TlsOptions tls) throws GeneralSecurityException {
        if (!tls.verify()) {
            return new TrustManager[] {new TrustEverything()};
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (tls.caCerts() == null) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = emptyStore();
            int index = 0;
            for (Certificate cert : certificates(tls.caCerts(), "CA file")) {
                store.setCertificateEntry("ca-" + index++, cert);
            }
            factory.init(store);
        }
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(TlsOptions tls) throws GeneralSecurityException {
        if (tls.certFile() == null && tls.keyFile() == null) {
            return null;
        }
        if (tls.certFile() == null || tls.keyFile() == null) {
            throw new GeneralSecurityException("a client certificate needs both a certificate file and a key file");
        }
        List<Certificate> chain = certificates(tls.certFile(), "client certificate file");
        KeyStore store = emptyStore();
        store.setKeyEntry("client", privateKey(tls.keyFile()), IN_MEMORY_STORE_PASSWORD,
                chain.toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY_STORE_PASSWORD);
        return factory.getKeyManagers();
    }

    private static List<Certificate> certificates(Path file, String what) throws GeneralSecurityException {
        try {
            return new ArrayList<>(TlsFiles.certificates(file, what));
        } catch (BrokerConfigException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path file) throws GeneralSecurityException {
        try {
            return TlsFiles.privateKey(file);
        } catch (BrokerConfigException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        return store;
    }

    /** {@code --insecure}: accepts any server certificate. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // never called on the client side
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // --insecure: deliberately no check
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

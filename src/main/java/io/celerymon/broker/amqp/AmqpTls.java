package io.celerymon.broker.amqp;

import io.celerymon.broker.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link SSLContext} for {@code amqps://} from {@link TlsOptions}: PEM CA file or the
 * JVM trust store, optional PEM client certificate and unencrypted PKCS#8 or PKCS#1 (RSA) key.
 */
final class AmqpTls {

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
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
            for (Certificate cert : certificates(tls.caCerts(), "CA certificates")) {
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
        List<Certificate> chain = certificates(tls.certFile(), "client certificate");
        KeyStore store = emptyStore();
        store.setKeyEntry("client", privateKey(tls.keyFile()), IN_MEMORY_STORE_PASSWORD,
                chain.toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY_STORE_PASSWORD);
        return factory.getKeyManagers();
    }

    private static List<Certificate> certificates(Path file, String what) throws GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot read " + what + " from " + file + " (" + e.getClass().getSimpleName()
                    + ")", e);
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate in " + file);
        }
        return new ArrayList<>(certs);
    }

    static PrivateKey privateKey(Path file) throws GeneralSecurityException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot read private key from " + file + " (" + e.getClass().getSimpleName()
                    + ")", e);
        }
        Matcher block = PEM_BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, file);
                case "RSA PRIVATE KEY":
                    return pkcs8(Pkcs1.toPkcs8(der), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException("the private key in " + file + " is encrypted; celerymon needs an "
                            + "unencrypted key (openssl pkcs8 -topk8 -nocrypt)");
                case "EC PRIVATE KEY":
                    throw new GeneralSecurityException("the EC key in " + file + " is in SEC1 form; convert it with "
                            + "openssl pkcs8 -topk8 -nocrypt");
                default:
                    // Certificates and parameters may share the file with the key.
            }
        }
        throw new GeneralSecurityException("no PEM private key in " + file);
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new GeneralSecurityException("unsupported private key type in " + file);
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

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo, which the JDK can read. */
    static final class Pkcs1 {
        /** AlgorithmIdentifier: rsaEncryption OID with NULL parameters. */
        private static final byte[] RSA_ALGORITHM = {
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
        };

        private Pkcs1() {
        }

        static byte[] toPkcs8(byte[] pkcs1) {
            byte[] version = {0x02, 0x01, 0x00};
            byte[] octets = derElement(0x04, pkcs1);
            byte[] body = concat(version, RSA_ALGORITHM, octets);
            return derElement(0x30, body);
        }

        private static byte[] derElement(int tag, byte[] content) {
            byte[] length = derLength(content.length);
            byte[] out = new byte[1 + length.length + content.length];
            out[0] = (byte) tag;
            System.arraycopy(length, 0, out, 1, length.length);
            System.arraycopy(content, 0, out, 1 + length.length, content.length);
            return out;
        }

        private static byte[] derLength(int length) {
            if (length < 0x80) {
                return new byte[] {(byte) length};
            }
            int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            byte[] out = new byte[1 + bytes];
            out[0] = (byte) (0x80 | bytes);
            for (int i = 0; i < bytes; i++) {
                out[bytes - i] = (byte) (length >>> (8 * i));
            }
            return out;
        }

        private static byte[] concat(byte[]... parts) {
            int size = 0;
            for (byte[] part : parts) {
                size += part.length;
            }
            byte[] out = new byte[size];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, out, at, part.length);
                at += part.length;
            }
            return out;
        }
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

package io.celerymon.broker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM files of a TLS connection ({@code --ca-certs}, {@code --certfile}, {@code --keyfile}
 * and their {@code ssl_*} URL and {@code REDIS_SSL_*} counterparts): read here, for both broker
 * clients, and checked before any connection is tried, so a wrong file is a usage error naming it
 * rather than a handshake that fails or times out. Keys are unencrypted PKCS#8 or PKCS#1 (RSA).
 */
public final class TlsFiles {

    /** Far above any real chain or CA bundle; a bigger "PEM file" is the wrong file (or a device). */
    static final long MAX_BYTES = 4L << 20;

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final byte[] SIGNED = "celerymon key check".getBytes(StandardCharsets.US_ASCII);

    private TlsFiles() {
    }

    /**
     * Checks every file {@code tls} names: present, a regular file, PEM holding what it should,
     * and a client key that belongs to the client certificate. {@link BrokerConfigException}
     * (a usage error) with a one-line reason otherwise.
     */
    public static void check(TlsOptions tls) {
        if (tls.caCerts() != null) {
            certificates(tls.caCerts(), "CA file");
        }
        if (tls.certFile() == null && tls.keyFile() == null) {
            return;
        }
        if (tls.certFile() == null) {
            throw new BrokerConfigException("TLS: the key file " + tls.keyFile()
                    + " needs its client certificate too (--certfile)");
        }
        if (tls.keyFile() == null) {
            throw new BrokerConfigException("TLS: the client certificate " + tls.certFile()
                    + " needs its private key too (--keyfile)");
        }
        X509Certificate client = certificates(tls.certFile(), "client certificate file").get(0);
        PrivateKey key = privateKey(tls.keyFile());
        if (!belongTogether(client.getPublicKey(), key)) {
            throw new BrokerConfigException("TLS: the key in " + tls.keyFile()
                    + " does not belong to the certificate in " + tls.certFile());
        }
    }

    /** Every certificate in a PEM file, in order; {@code what} names the file in messages ("CA file"). */
    public static List<X509Certificate> certificates(Path file, String what) {
        String text = read(file, what);
        List<X509Certificate> certs = new ArrayList<>();
        Matcher block = PEM_BLOCK.matcher(text);
        while (block.find()) {
            if (!block.group(1).equals("CERTIFICATE") && !block.group(1).equals("TRUSTED CERTIFICATE")) {
                continue;
            }
            try {
                byte[] der = Base64.getMimeDecoder().decode(block.group(2));
                certs.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
                throw new BrokerConfigException("TLS: the " + what + " " + file + " holds a certificate that does not"
                        + " parse (" + (e.getMessage() == null ? "bad encoding" : firstLine(e.getMessage())) + ")");
            }
        }
        if (certs.isEmpty()) {
            throw new BrokerConfigException("TLS: the " + what + " " + file + " holds no certificate"
                    + " (PEM, -----BEGIN CERTIFICATE-----)");
        }
        return certs;
    }

    /** The private key in a PEM file: unencrypted PKCS#8, or PKCS#1 for RSA. */
    public static PrivateKey privateKey(Path file) {
        String text = read(file, "key file");
        Matcher block = PEM_BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der(block.group(2), file), file);
                case "RSA PRIVATE KEY":
                    return pkcs8(Pkcs1.toPkcs8(der(block.group(2), file)), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new BrokerConfigException("TLS: the private key in " + file + " is encrypted; celerymon needs"
                            + " an unencrypted key (openssl pkcs8 -topk8 -nocrypt)");
                case "EC PRIVATE KEY":
                    throw new BrokerConfigException("TLS: the EC key in " + file + " is in SEC1 form; convert it with"
                            + " openssl pkcs8 -topk8 -nocrypt");
                default:
                    // Certificates and parameters may share the file with the key.
            }
        }
        throw new BrokerConfigException("TLS: the key file " + file + " holds no private key"
                + " (PEM, -----BEGIN PRIVATE KEY-----)");
    }

    private static String read(Path file, String what) {
        String name = "TLS: the " + what + " " + file;
        if (file.toString().isEmpty()) {
            throw new BrokerConfigException("TLS: the " + what + " name is empty");
        }
        try {
            if (Files.isDirectory(file)) {
                throw new BrokerConfigException(name + " is a directory");
            }
            if (!Files.isRegularFile(file)) {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new BrokerConfigException(name + " does not exist");
                }
                // A FIFO or a device would be read without end.
                throw new BrokerConfigException(name + " is not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new BrokerConfigException(name + " is larger than " + (MAX_BYTES >> 20) + " MiB; not a PEM file");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new BrokerConfigException(name + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new BrokerConfigException(name + " cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new BrokerConfigException(name + " cannot be read: " + firstLine(String.valueOf(e.getMessage())), e);
        } catch (SecurityException | java.nio.file.InvalidPathException e) {
            throw new BrokerConfigException(name + " cannot be read", e);
        }
    }

    private static byte[] der(String base64, Path file) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new BrokerConfigException("TLS: the private key in " + file + " is not valid base64");
        }
    }

    private static PrivateKey pkcs8(byte[] der, Path file) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new BrokerConfigException("TLS: the private key in " + file + " does not parse, or is of a type"
                + " celerymon does not know (RSA, EC, Ed25519 and Ed448 are)");
    }

    /**
     * Whether the key signs what the certificate's public key verifies. Key types this cannot
     * test (RSASSA-PSS and the like) pass; the handshake still checks them.
     */
    static boolean belongTogether(PublicKey publicKey, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(SIGNED);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(SIGNED);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException differentKinds) {
            // An RSA key and an EC certificate, say: they cannot belong together.
            return false;
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
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
}

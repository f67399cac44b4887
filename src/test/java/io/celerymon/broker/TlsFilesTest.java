package io.celerymon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celerymon.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS files are checked before any connection: each wrong file is one usage error naming it. */
class TlsFilesTest {

    private static TestCertificates certs;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        certs = TestCertificates.generate();
    }

    @AfterAll
    static void remove() {
        certs.close();
    }

    private static TlsOptions tls(Path ca, Path cert, Path key) {
        return new TlsOptions(true, ca, cert, key);
    }

    @Test
    void aCompleteSetPasses() {
        TlsFiles.check(tls(certs.caCert(), certs.clientCert(), certs.clientKey()));
        TlsFiles.check(tls(certs.caCert(), certs.clientCert(), certs.clientKeyPkcs1()));
        TlsFiles.check(TlsOptions.DEFAULT);
    }

    @Test
    void aMissingFileOrADirectoryIsNamed() {
        assertThatThrownBy(() -> TlsFiles.check(tls(Path.of("/nonexistent/ca.pem"), null, null)))
                .isInstanceOf(BrokerConfigException.class)
                .hasMessage("TLS: the CA file /nonexistent/ca.pem does not exist");
        assertThatThrownBy(() -> TlsFiles.check(tls(dir, null, null)))
                .hasMessage("TLS: the CA file " + dir + " is a directory");
        assertThatThrownBy(() -> TlsFiles.check(tls(null, certs.clientCert(), Path.of("/nonexistent"))))
                .hasMessage("TLS: the key file /nonexistent does not exist");
    }

    @Test
    void aFileWithoutPemIsNamed() throws Exception {
        Path hostname = Files.writeString(dir.resolve("hostname"), "celerymon-host\n");

        assertThatThrownBy(() -> TlsFiles.check(tls(null, hostname, certs.clientKey())))
                .hasMessage("TLS: the client certificate file " + hostname
                        + " holds no certificate (PEM, -----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> TlsFiles.check(tls(certs.clientKey(), null, null)))
                .hasMessageStartingWith("TLS: the CA file " + certs.clientKey() + " holds no certificate");
        assertThatThrownBy(() -> TlsFiles.check(tls(null, certs.clientCert(), certs.clientCert())))
                .hasMessageStartingWith("TLS: the key file " + certs.clientCert() + " holds no private key");
    }

    @Test
    void aBrokenCertificateIsNamed() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> TlsFiles.check(tls(broken, null, null)))
                .hasMessageStartingWith("TLS: the CA file " + broken + " holds a certificate that does not parse");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        assertThatThrownBy(() -> TlsFiles.check(tls(null, certs.clientCert(), certs.serverKey())))
                .hasMessage("TLS: the key in " + certs.serverKey() + " does not belong to the certificate in "
                        + certs.clientCert());
    }

    @Test
    void aCertificateNeedsItsKeyAndAKeyItsCertificate() {
        assertThatThrownBy(() -> TlsFiles.check(tls(null, certs.clientCert(), null)))
                .hasMessageContaining("needs its private key too (--keyfile)");
        assertThatThrownBy(() -> TlsFiles.check(tls(null, null, certs.clientKey())))
                .hasMessageContaining("needs its client certificate too (--certfile)");
    }

    @Test
    void anEncryptedKeyIsExplained() {
        assertThatThrownBy(() -> TlsFiles.check(tls(null, certs.clientCert(), certs.clientKeyEncrypted())))
                .hasMessageContaining("is encrypted").hasMessageContaining("-nocrypt");
    }

    @Test
    void aFifoIsNeverRead() throws Exception {
        Path fifo = dir.resolve("ca.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertThatThrownBy(() -> TlsFiles.check(tls(fifo, null, null)))
                .hasMessage("TLS: the CA file " + fifo + " is not a regular file");
    }
}

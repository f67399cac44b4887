package io.celerymon.broker;

import java.nio.file.Path;

/**
 * TLS settings written into a broker URL's query string, as kombu reads them
 * ({@code ?ssl_cert_reqs=CERT_NONE&ssl_ca_certs=...}); each is null when the URL does not say.
 *
 * @param verify false for {@code CERT_NONE}/{@code none}, true for the optional and required
 *     levels, null when {@code ssl_cert_reqs} is absent
 * @param caCerts {@code ssl_ca_certs}
 * @param certFile {@code ssl_certfile}
 * @param keyFile {@code ssl_keyfile}
 */
public record UrlTlsOptions(Boolean verify, Path caCerts, Path certFile, Path keyFile) {
    public static final UrlTlsOptions NONE = new UrlTlsOptions(null, null, null, null);

    /** Whether the URL carried any ssl_* option (kombu then ignores {@code broker_use_ssl}). */
    public boolean present() {
        return verify != null || caCerts != null || certFile != null || keyFile != null;
    }
}

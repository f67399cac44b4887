package io.celerymon.broker;

/**
 * Reads an {@code ssl_cert_reqs} level as kombu's {@code parse_ssl_cert_reqs} names them. A
 * client always receives a server certificate, so "optional" verifies just like "required".
 */
final class CertReqs {
    static final String ACCEPTED = "CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED, none, optional, required";

    private CertReqs() {
    }

    /** True to verify, false for none, null when the value is not a level kombu knows. */
    static Boolean verify(String value) {
        return switch (value) {
            case "CERT_REQUIRED", "CERT_OPTIONAL", "required", "optional" -> Boolean.TRUE;
            case "CERT_NONE", "none" -> Boolean.FALSE;
            default -> null;
        };
    }
}

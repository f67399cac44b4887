package io.celerymon.broker;

/** Renders a {@link BrokerUrl} for display with the password replaced. */
final class BrokerUrlMasking {
    private BrokerUrlMasking() {
    }

    static String mask(BrokerUrl url) {
        StringBuilder out = new StringBuilder(url.scheme()).append("://");
        if (url.username() != null || url.password() != null) {
            if (url.username() != null) {
                out.append(url.username());
            }
            if (url.password() != null) {
                out.append(":****");
            }
            out.append('@');
        }
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        out.append(host).append(':').append(url.port());
        if (url.transport() == Transport.REDIS) {
            out.append('/').append(url.path());
        } else {
            out.append('/').append(url.path().equals("/") ? "/" : url.path());
        }
        return out.toString();
    }
}

package io.celerymon.testsupport;

/** Hides the password of a broker URL in harness messages. */
public final class UrlMasking {
    private UrlMasking() {
    }

    /** {@code scheme://user:****@host...}; URLs without a password are returned unchanged. */
    public static String mask(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        String userInfo = url.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            return url;
        }
        return url.substring(0, scheme + 3) + userInfo.substring(0, colon) + ":****" + url.substring(at);
    }
}

package io.celerymon.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Parses broker URL text as Celery's {@code broker_url} takes it: one URL, or a failover list
 * separated by ';' (kombu's syntax), all of one broker family. Errors are
 * {@link BrokerConfigException}s showing the URL masked.
 */
public final class BrokerUrls {
    private BrokerUrls() {
    }

    /** The URLs in {@code text}, in failover order. */
    public static List<BrokerUrl> parse(String text) {
        return parseWithOptions(text).urls();
    }

    /**
     * The URLs in {@code text} plus the TLS options their query strings carry
     * ({@code ?ssl_cert_reqs=CERT_NONE} and the other kombu ssl_* keys). A {@code redis://} URL
     * with ssl_* options comes back as {@code rediss://}, because kombu then connects with TLS.
     */
    public static ParsedBrokerUrls parseWithOptions(String text) {
        if (text == null || text.isBlank()) {
            throw new BrokerConfigException("broker URL is empty");
        }
        List<BrokerUrl> urls = new ArrayList<>();
        UrlTlsOptions tls = UrlTlsOptions.NONE;
        String[] pieces = text.strip().split(";", -1);
        for (int i = 0; i < pieces.length; i++) {
            String trimmed = pieces[i].strip();
            if (trimmed.isEmpty()) {
                // A trailing ';' is harmless; an empty entry in the middle is a typo worth naming.
                if (i == pieces.length - 1) {
                    continue;
                }
                throw new BrokerConfigException("invalid broker URL '" + BrokerUrlMasking.maskText(text.strip())
                        + "': empty entry in the ';'-separated failover list");
            }
            BrokerUrlParser.Piece parsed = BrokerUrlParser.parse(trimmed, pieces.length > 1);
            urls.add(parsed.url());
            tls = merge(tls, parsed.tls(), urls);
        }
        checkOneFamily(urls);
        return new ParsedBrokerUrls(urls, tls);
    }

    private static UrlTlsOptions merge(UrlTlsOptions sofar, UrlTlsOptions next, List<BrokerUrl> urls) {
        if (!next.present()) {
            return sofar;
        }
        if (sofar.present() && !sofar.equals(next)) {
            throw new BrokerConfigException("invalid broker URL '" + masked(urls)
                    + "': failover URLs give different ssl_* options");
        }
        return next;
    }

    private static void checkOneFamily(List<BrokerUrl> urls) {
        BrokerUrl first = urls.get(0);
        for (BrokerUrl url : urls) {
            if (url.transport() != first.transport()) {
                throw new BrokerConfigException("invalid broker URL '" + masked(urls)
                        + "': a failover list cannot mix Redis and AMQP URLs");
            }
            if (url.sentinel() != first.sentinel()) {
                throw new BrokerConfigException("invalid broker URL '" + masked(urls)
                        + "': a failover list cannot mix sentinel:// with redis:// or rediss:// URLs");
            }
        }
    }

    private static String masked(List<BrokerUrl> urls) {
        return urls.stream().map(BrokerUrl::masked).collect(Collectors.joining(";"));
    }
}

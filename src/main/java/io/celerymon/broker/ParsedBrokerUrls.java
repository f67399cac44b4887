package io.celerymon.broker;

import java.util.List;

/**
 * The result of parsing broker URL text: the failover alternatives and any TLS options their
 * query strings carried.
 *
 * @param urls one or more URLs, all of one {@link Transport}
 * @param tls TLS options from the query strings, {@link UrlTlsOptions#NONE} when there were none
 */
public record ParsedBrokerUrls(List<BrokerUrl> urls, UrlTlsOptions tls) {
    public ParsedBrokerUrls {
        urls = List.copyOf(urls);
    }
}

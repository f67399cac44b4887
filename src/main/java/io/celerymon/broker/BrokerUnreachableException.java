package io.celerymon.broker;

/** The broker could not be reached in time: refused, unknown host, TLS failure, or no answer. */
public final class BrokerUnreachableException extends BrokerException {
    public BrokerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.celerymon.broker;

/** The broker answered something celerymon did not expect (a channel error, a wrong type). */
public final class BrokerProtocolException extends BrokerException {
    public BrokerProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

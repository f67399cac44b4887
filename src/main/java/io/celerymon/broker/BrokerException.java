package io.celerymon.broker;

/**
 * A failure talking to the broker, already phrased for a person: the message names the masked
 * endpoint and what failed, and never contains a password.
 */
public abstract sealed class BrokerException extends RuntimeException
        permits BrokerUnreachableException, BrokerAuthException, BrokerProtocolException {

    protected BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}

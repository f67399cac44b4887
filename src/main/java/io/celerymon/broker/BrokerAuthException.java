package io.celerymon.broker;

/** The broker answered but refused the credentials or the permissions they carry. */
public final class BrokerAuthException extends BrokerException {
    public BrokerAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}

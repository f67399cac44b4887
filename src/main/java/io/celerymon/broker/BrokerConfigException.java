package io.celerymon.broker;

/**
 * The broker configuration (URL, env file, options) is wrong; the message is one line, names
 * what is wrong and where, shows URLs masked, and never contains a password.
 */
public final class BrokerConfigException extends RuntimeException {

    public BrokerConfigException(String message) {
        super(message);
    }

    public BrokerConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

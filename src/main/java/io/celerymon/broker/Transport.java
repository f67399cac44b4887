package io.celerymon.broker;

/** The broker families celerymon speaks. */
public enum Transport {
    REDIS,
    AMQP
}

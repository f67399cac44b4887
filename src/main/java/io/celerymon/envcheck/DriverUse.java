package io.celerymon.envcheck;

/**
 * A database or RPC driver the app loaded that blocks a gevent hub unless its gevent integration
 * is installed (psycogreen for psycopg2, {@code grpc.experimental.gevent.init_gevent()} for grpc).
 *
 * @param name the module, e.g. {@code psycopg2}
 * @param geventIntegration {@code present}, {@code absent}, or {@code unknown} when it cannot be told
 */
public record DriverUse(String name, String geventIntegration) {
}

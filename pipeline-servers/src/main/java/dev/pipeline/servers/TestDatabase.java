package dev.pipeline.servers;

import javax.sql.DataSource;

/**
 * The shared test PostgreSQL as a test reaches it: on {@code localhost:port}, database
 * {@link PostgresServer#DATABASE}, user {@link PostgresServer#USER} without a password,
 * whether it is the embedded server or a container.
 *
 * @param jdbcUrl its JDBC URL
 * @param port its port on the loopback interface
 * @param dataSource connections to it, as {@link PostgresServer#USER}
 */
public record TestDatabase(String jdbcUrl, int port, DataSource dataSource) {

}

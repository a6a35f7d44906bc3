package dev.pipeline.ingress.replica;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One database a read runs on, the primary or the replica, with its access objects all
 * bound to the same pool (a transaction of one and a statement of the other would not
 * meet).
 *
 * @param name {@code primary} or {@code replica}
 * @param readOnly a read-only transaction on this pool (PostgreSQL streams a result with
 * a fetch size only inside one)
 */
public record ReadSource(String name, JdbcTemplate jdbcTemplate, JdbcClient jdbcClient, TransactionTemplate readOnly) {
}

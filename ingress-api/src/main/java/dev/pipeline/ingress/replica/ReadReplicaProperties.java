package dev.pipeline.ingress.replica;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The read replica ({@code ingress.read-replica.*}, env {@code INGRESS_READ_REPLICA_URL}
 * and so on). Without a URL there is none and every read goes to the primary
 * ({@code spring.datasource}), through its one pool. The timeouts mirror the primary's
 * {@code spring.datasource.hikari} settings in application.yml, for the same reasons: a
 * request must not wait half a minute for a connection, nor minutes for a server that
 * went silent.
 *
 * @param url JDBC URL of a PostgreSQL hot standby (or any read-only copy) of the primary
 * @param username defaults to the primary's
 * @param password defaults to the primary's
 * @param maximumPoolSize connections to the replica; small, as each read takes
 * milliseconds and the primary keeps serving the rest
 * @param connectionTimeout how long a read waits for a pooled replica connection before
 * it goes to the primary instead
 * @param validationTimeout how long an idle connection gets to prove it is alive
 * @param connectTimeout bounds opening a TCP connection to the replica
 * @param socketTimeout bounds every read on a replica connection, so a replica that went
 * silent sends the read to the primary instead of holding the request
 * @param pauseAfterFailure how long reads skip the replica after it failed one, so a
 * replica that is down costs one request a connection timeout, not every request
 */
@Validated
@ConfigurationProperties("ingress.read-replica")
public record ReadReplicaProperties(@Nullable String url, @Nullable String username, @Nullable String password,
		@Positive @DefaultValue("4") int maximumPoolSize, @NotNull @DefaultValue("2s") Duration connectionTimeout,
		@NotNull @DefaultValue("1s") Duration validationTimeout, @NotNull @DefaultValue("2s") Duration connectTimeout,
		@NotNull @DefaultValue("5s") Duration socketTimeout, @NotNull @DefaultValue("10s") Duration pauseAfterFailure) {

	boolean configured() {
		return this.url != null && !this.url.isBlank();
	}

}

package dev.pipeline.ingress.replica;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where a read that may be stale runs: on the replica when one is configured and healthy,
 * on the primary otherwise. Only the read-heavy routes ask for it (job polling, the job
 * and alert lists, metrics); idempotency lookups, quotas, accounts and keys read the
 * primary directly, because they must see what was just written.
 *
 * <p>
 * Guarantees:
 * <ul>
 * <li>No replica configured: every read runs on the primary, exactly as without this
 * class.</li>
 * <li>Inside a transaction (a write's), reads stay on the primary: the transaction's own
 * connection is the only one that sees its writes.</li>
 * <li>A replica that fails a read (down, unreachable, a socket timeout, recovery
 * conflict) does not fail the request: the read runs again on the primary, and the
 * replica is skipped for {@code pause-after-failure}, so while it stays down only one
 * read per pause waits for its connection timeout. A 503 would have turned a replica
 * outage into an outage of the routes while the primary could answer them.</li>
 * <li>{@link #find} also goes to the primary when the replica has nothing: what a client
 * was just given (a job id) may not have reached the replica yet.</li>
 * </ul>
 */
public final class ReplicaReads implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ReplicaReads.class);

	private final ReadSource primary;

	private final @Nullable ReadSource replica;

	private final @Nullable HikariDataSource replicaPool;

	private final ReadReplicaProperties properties;

	private final Clock clock;

	private volatile Instant skipReplicaUntil = Instant.MIN;

	ReplicaReads(ReadSource primary, @Nullable ReadSource replica, @Nullable HikariDataSource replicaPool,
			ReadReplicaProperties properties, Clock clock) {
		this.primary = primary;
		this.replica = replica;
		this.replicaPool = replicaPool;
		this.properties = properties;
		this.clock = clock;
	}

	/** Runs {@code query} on the replica, or on the primary when it cannot. */
	public <T> T read(Function<ReadSource, T> query) {
		ReadSource replica = usableReplica();
		if (replica != null) {
			try {
				return query.apply(replica);
			}
			catch (DataAccessException | CannotCreateTransactionException ex) {
				skipReplica(ex);
			}
		}
		return query.apply(this.primary);
	}

	/**
	 * Like {@link #read}, and on the primary too when the replica finds nothing: for a
	 * row the caller may have just created.
	 */
	public <T> Optional<T> find(Function<ReadSource, Optional<T>> query) {
		ReadSource replica = usableReplica();
		if (replica != null) {
			try {
				Optional<T> found = query.apply(replica);
				if (found.isPresent()) {
					return found;
				}
			}
			catch (DataAccessException | CannotCreateTransactionException ex) {
				skipReplica(ex);
			}
		}
		return query.apply(this.primary);
	}

	/**
	 * Runs a query that hands its rows out while it reads them: on the replica, or the
	 * primary when the replica gives no connection. A failure after that propagates, as
	 * running it again would hand the first rows out twice.
	 */
	public void stream(Consumer<ReadSource> query) {
		ReadSource replica = usableReplica();
		if (replica != null) {
			try {
				query.accept(replica);
				return;
			}
			catch (CannotGetJdbcConnectionException | CannotCreateTransactionException ex) {
				skipReplica(ex);
			}
		}
		query.accept(this.primary);
	}

	@Override
	public void close() {
		if (this.replicaPool != null) {
			this.replicaPool.close();
		}
	}

	private @Nullable ReadSource usableReplica() {
		if (this.replica == null || TransactionSynchronizationManager.isActualTransactionActive()) {
			return null;
		}
		return this.clock.instant().isBefore(this.skipReplicaUntil) ? null : this.replica;
	}

	private void skipReplica(RuntimeException ex) {
		this.skipReplicaUntil = this.clock.instant().plus(this.properties.pauseAfterFailure());
		log.warn("The read replica failed a read, which runs on the primary; reads skip the replica for {}: {}",
				this.properties.pauseAfterFailure(), ex.getMessage());
	}

}

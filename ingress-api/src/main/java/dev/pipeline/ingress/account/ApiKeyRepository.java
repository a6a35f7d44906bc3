package dev.pipeline.ingress.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pipeline.ingress.system.PageCursor;
import dev.pipeline.ingress.system.PageRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API keys in PostgreSQL: hashes and prefixes only, never a key. */
@Repository
class ApiKeyRepository {

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	ApiKeyRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
	}

	/** A stored key as the authenticator needs it. */
	record StoredKey(String id, String accountId, byte[] hash, boolean revoked) {
	}

	ApiKeyView insert(String id, String accountId, byte[] hash, String prefix) {
		return this.jdbc.sql("""
				INSERT INTO api_keys (id, account_id, key_hash, prefix) VALUES (?, ?, ?, ?)
				RETURNING id, prefix, created_at, revoked_at, last_used_at""")
			.params(id, accountId, hash, prefix)
			.query(ApiKeyRepository::view)
			.single();
	}

	List<StoredKey> findByPrefix(String prefix) {
		return this.jdbc.sql("SELECT id, account_id, key_hash, revoked_at FROM api_keys WHERE prefix = ?")
			.param(prefix)
			.query((rs, row) -> new StoredKey(rs.getString("id"), rs.getString("account_id"), rs.getBytes("key_hash"),
					rs.getTimestamp("revoked_at") != null))
			.list();
	}

	List<ApiKeyView> findByAccount(String accountId) {
		return this.jdbc.sql("""
				SELECT id, prefix, created_at, revoked_at, last_used_at FROM api_keys
				WHERE account_id = ? ORDER BY created_at, id""").param(accountId).query(ApiKeyRepository::view).list();
	}

	/**
	 * One page of an account's keys, newest first (keyset on {@code (created_at, id)},
	 * index {@code api_keys_account_created_at_id} of schema V17_1).
	 */
	List<ApiKeyView> list(String accountId, PageRequest page) {
		PageCursor after = page.after();
		if (after == null) {
			return this.jdbc.sql("""
					SELECT id, prefix, created_at, revoked_at, last_used_at FROM api_keys
					WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT ?""")
				.params(accountId, page.rowsToRead())
				.query(ApiKeyRepository::view)
				.list();
		}
		return this.jdbc.sql("""
				SELECT id, prefix, created_at, revoked_at, last_used_at FROM api_keys
				WHERE account_id = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?""")
			.params(accountId, Timestamp.from(after.at()), after.id(), page.rowsToRead())
			.query(ApiKeyRepository::view)
			.list();
	}

	/**
	 * @return whether a key of that account was revoked now (false if unknown or already
	 * revoked)
	 */
	boolean revoke(String accountId, String keyId) {
		return this.jdbc
			.sql("UPDATE api_keys SET revoked_at = now() WHERE id = ? AND account_id = ? AND revoked_at IS NULL")
			.params(keyId, accountId)
			.update() == 1;
	}

	boolean isActive(String keyId) {
		return this.jdbc.sql("SELECT count(*) FROM api_keys WHERE id = ? AND revoked_at IS NULL")
			.param(keyId)
			.query(Long.class)
			.single() > 0;
	}

	boolean exists(String accountId, String keyId) {
		return this.jdbc.sql("SELECT count(*) FROM api_keys WHERE id = ? AND account_id = ?")
			.params(keyId, accountId)
			.query(Long.class)
			.single() > 0;
	}

	/** Writes last-use times in one batch; a later time never goes backwards. */
	void touch(Map<String, Instant> lastUsed) {
		List<Object[]> rows = new ArrayList<>(lastUsed.size());
		lastUsed.forEach((id, at) -> rows.add(new Object[] { Timestamp.from(at), id }));
		this.jdbcTemplate.batchUpdate(
				"UPDATE api_keys SET last_used_at = GREATEST(COALESCE(last_used_at, ?), ?) WHERE id = ?",
				rows.stream().map(row -> new Object[] { row[0], row[0], row[1] }).toList());
	}

	private static ApiKeyView view(ResultSet rs, int row) throws SQLException {
		return new ApiKeyView(rs.getString("id"), rs.getString("prefix"), rs.getTimestamp("created_at").toInstant(),
				instant(rs.getTimestamp("revoked_at")), instant(rs.getTimestamp("last_used_at")));
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}

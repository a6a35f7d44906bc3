package dev.pipeline.ingress.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.pipeline.ingress.system.PageCursor;
import dev.pipeline.ingress.system.PageRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Accounts in PostgreSQL, including the durable copy of quota usage. */
@Repository
public class AccountRepository {

	private final JdbcClient jdbc;

	AccountRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(String id, String name, long quotaLimit, int ratePerMinute) {
		this.jdbc.sql("INSERT INTO accounts (id, name, quota_limit, rate_per_minute) VALUES (?, ?, ?, ?)")
			.params(id, name, quotaLimit, ratePerMinute)
			.update();
	}

	Optional<Account> findById(String id) {
		return this.jdbc.sql("SELECT * FROM accounts WHERE id = ?")
			.param(id)
			.query(AccountRepository::account)
			.optional();
	}

	/**
	 * One page of accounts, newest first (keyset on {@code (created_at, id)}, index
	 * {@code accounts_created_at_id} of schema V17_1).
	 */
	List<Account> list(PageRequest page) {
		PageCursor after = page.after();
		if (after == null) {
			return this.jdbc.sql("SELECT * FROM accounts ORDER BY created_at DESC, id DESC LIMIT ?")
				.param(page.rowsToRead())
				.query(AccountRepository::account)
				.list();
		}
		return this.jdbc.sql("""
				SELECT * FROM accounts WHERE (created_at, id) < (?, ?)
				ORDER BY created_at DESC, id DESC LIMIT ?""")
			.params(Timestamp.from(after.at()), after.id(), page.rowsToRead())
			.query(AccountRepository::account)
			.list();
	}

	Optional<AccountLimits> findLimits(String id) {
		return this.jdbc.sql("SELECT id, quota_limit, rate_per_minute FROM accounts WHERE id = ?")
			.param(id)
			.query((rs, row) -> new AccountLimits(rs.getString("id"), rs.getLong("quota_limit"),
					rs.getInt("rate_per_minute")))
			.optional();
	}

	boolean update(String id, @Nullable String name, @Nullable Long quotaLimit, @Nullable Integer ratePerMinute) {
		return this.jdbc.sql("""
				UPDATE accounts SET name = COALESCE(?, name), quota_limit = COALESCE(?, quota_limit),
				    rate_per_minute = COALESCE(?, rate_per_minute), updated_at = now()
				WHERE id = ?""").params(name, quotaLimit, ratePerMinute, id).update() == 1;
	}

	/** The last synced usage, or empty for an unknown account. */
	public OptionalLong quotaUsed(String id) {
		return this.jdbc.sql("SELECT quota_used FROM accounts WHERE id = ?")
			.param(id)
			.query(Long.class)
			.optional()
			.map(OptionalLong::of)
			.orElse(OptionalLong.empty());
	}

	/**
	 * Charges units straight to PostgreSQL, all or nothing, when Redis cannot decide.
	 * @return the units remaining after the charge, or empty when they do not fit
	 */
	public OptionalLong chargeDirectly(String id, long units) {
		return this.jdbc.sql("""
				UPDATE accounts SET quota_used = quota_used + ?, updated_at = now()
				WHERE id = ? AND quota_used + ? <= quota_limit
				RETURNING quota_limit - quota_used""")
			.params(units, id, units)
			.query(Long.class)
			.optional()
			.map(OptionalLong::of)
			.orElse(OptionalLong.empty());
	}

	/** Adds a (possibly negative) usage delta; usage never goes below zero. */
	public void addQuotaUsed(String id, long delta) {
		this.jdbc.sql("UPDATE accounts SET quota_used = GREATEST(0, quota_used + ?), updated_at = now() WHERE id = ?")
			.params(delta, id)
			.update();
	}

	/** The remaining units of an account as PostgreSQL knows them (a fallback view). */
	public OptionalLong remaining(String id) {
		return this.jdbc.sql("SELECT quota_limit - quota_used FROM accounts WHERE id = ?")
			.param(id)
			.query(Long.class)
			.optional()
			.map(OptionalLong::of)
			.orElse(OptionalLong.empty());
	}

	private static Account account(ResultSet rs, int row) throws SQLException {
		return new Account(rs.getString("id"), rs.getString("name"), rs.getLong("quota_limit"),
				rs.getLong("quota_used"), rs.getInt("rate_per_minute"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant());
	}

}

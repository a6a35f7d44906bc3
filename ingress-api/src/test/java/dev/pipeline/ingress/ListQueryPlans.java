package dev.pipeline.ingress;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import dev.pipeline.ingress.system.PageCursor;
import dev.pipeline.ingress.system.PageRequest;
import dev.pipeline.servers.PostgresServer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Prints the query plans of the paged lists (docs/api.md "Lists") on a throw-away
 * PostgreSQL with the project's schema and a million jobs. The queries are the
 * repositories' own: each runs through a data source that first runs
 * {@code EXPLAIN (ANALYZE, BUFFERS)} of every statement with its parameters. A tool, not
 * a test (plans and timings are machine-dependent):
 * {@code ./mvnw -o -pl ingress-api exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.pipeline.ingress.ListQueryPlans}.
 */
public final class ListQueryPlans {

	private static final String BIG = "acct-big";

	private ListQueryPlans() {
	}

	public static void main(String[] args) throws Exception {
		try (PostgresServer postgres = PostgresServer.start(null, 0)) {
			postgres.migrate();
			JdbcTemplate plain = new JdbcTemplate(postgres.dataSource());
			long started = System.nanoTime();
			generate(plain);
			System.out.printf("generated in %.1f s: %s%n", (System.nanoTime() - started) / 1e9,
					plain.queryForList("SELECT (SELECT count(*) FROM inference_jobs) AS jobs,"
							+ " (SELECT count(*) FROM inference_results) AS results,"
							+ " (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM api_keys) AS keys,"
							+ " (SELECT count(*) FROM metrics_alerts) AS alerts"));
			System.out.println(plain.queryForObject("SELECT version()", String.class));

			DataSource explaining = new ExplainingDataSource(postgres.dataSource());
			JdbcClient jdbc = JdbcClient.create(explaining);
			JdbcTemplate template = new JdbcTemplate(explaining);
			Object jobs = create("dev.pipeline.ingress.job.JobStore", jdbc);
			Object accounts = create("dev.pipeline.ingress.account.AccountRepository", jdbc);
			Object keys = create("dev.pipeline.ingress.account.ApiKeyRepository", jdbc, template);
			Object alerts = create("dev.pipeline.ingress.metrics.MetricsAlertQueries", template);

			Instant dayAgo = Instant.now().minusSeconds(86_400);
			PageRequest first = new PageRequest(PageRequest.DEFAULT_LIMIT, null);
			PageRequest middle = new PageRequest(PageRequest.DEFAULT_LIMIT,
					cursor(plain, "SELECT submitted_at, id FROM inference_jobs WHERE account_id = '" + BIG
							+ "' ORDER BY submitted_at DESC, id DESC OFFSET 250000 LIMIT 1"));
			title("jobs of one account (500,000 of its own), first page");
			call(jobs, "list", jobFilter(BIG, null, null, dayAgo), first);
			title("jobs of one account, a page in the middle (cursor after 250,000 rows)");
			call(jobs, "list", jobFilter(BIG, null, null, dayAgo), middle);
			title("jobs of one account, model=kalman");
			call(jobs, "list", jobFilter(BIG, "kalman", null, dayAgo), first);
			title("jobs of one account, status=FAILED (5 % of its jobs)");
			call(jobs, "list", jobFilter(BIG, null, "FAILED", dayAgo), first);
			title("jobs of a small account (500 jobs), first page");
			call(jobs, "list", jobFilter("acct-8", null, null, dayAgo), first);
			title("jobs of a small account, a page in the middle");
			call(jobs, "list", jobFilter("acct-8", null, null, dayAgo), new PageRequest(PageRequest.DEFAULT_LIMIT,
					cursor(plain, "SELECT submitted_at, id FROM inference_jobs"
							+ " WHERE account_id = 'acct-8' ORDER BY submitted_at DESC, id DESC OFFSET 250 LIMIT 1")));
			title("all jobs (admin), first page");
			call(jobs, "list", jobFilter(null, null, null, dayAgo), first);
			title("all jobs (admin), model=rare (1 %)");
			call(jobs, "list", jobFilter(null, "rare", null, dayAgo), first);
			title("accounts, first page");
			call(accounts, "list", first);
			title("accounts, a page in the middle");
			call(accounts, "list", new PageRequest(PageRequest.DEFAULT_LIMIT, cursor(plain,
					"SELECT created_at, id FROM accounts ORDER BY created_at DESC, id DESC OFFSET 5000 LIMIT 1")));
			title("keys of one account, first page");
			call(keys, "list", "acct-7", first);
			title("alerts since 24 h, first page");
			call(alerts, "since", dayAgo, null, first);
			title("alerts since 24 h of one model, a page in the middle");
			call(alerts, "since", dayAgo, "model-3", new PageRequest(PageRequest.DEFAULT_LIMIT, cursor(plain,
					"SELECT raised_at, id FROM metrics_alerts WHERE model = 'model-3' ORDER BY raised_at DESC, id DESC"
							+ " OFFSET 500 LIMIT 1")));
		}
	}

	/**
	 * A million jobs over 1,001 accounts, one of them with half of all jobs, spread over
	 * the last 22 hours; 85 % SUCCEEDED, 5 % FAILED, 2 % EXPIRED by the reaper, the rest
	 * QUEUED; three models (80 % sentiment, 19 % kalman, 1 % rare). 10,000 accounts in
	 * all with 5 keys each, and 100,000 alerts of 50 models.
	 */
	private static void generate(JdbcTemplate jdbc) {
		jdbc.execute("""
				INSERT INTO accounts (id, name, quota_limit, rate_per_minute, created_at)
				SELECT CASE WHEN i = 0 THEN 'acct-big' ELSE 'acct-' || i END, 'account ' || i, 1000000, 600,
				    now() - i * interval '1 hour'
				FROM generate_series(0, 9999) i""");
		jdbc.execute("""
				INSERT INTO api_keys (id, account_id, key_hash, prefix, created_at)
				SELECT 'key-' || a.id || '-' || k, a.id, decode(md5(a.id || '-' || k), 'hex'), 'pk_' || k,
				    a.created_at + k * interval '1 minute'
				FROM accounts a, generate_series(1, 5) k""");
		jdbc.execute("""
				INSERT INTO inference_jobs (id, account_id, model, submitted_at, deadline, settled_at, expiry_code)
				SELECT md5(i::text)::uuid::text,
				    CASE WHEN i % 2 = 0 THEN 'acct-big' ELSE 'acct-' || (i % 1000 + 1) END,
				    CASE WHEN i % 100 = 1 THEN 'rare' WHEN i % 100 < 21 THEN 'kalman' ELSE 'sentiment' END,
				    now() - i * interval '80 milliseconds', now() - i * interval '80 milliseconds' + interval '30 s',
				    CASE WHEN i % 100 >= 90 THEN now() END,
				    CASE WHEN i % 100 IN (90, 91) THEN 'NO_RESULT' END
				FROM generate_series(1, 1000000) i""");
		jdbc.execute("""
				INSERT INTO inference_results (id, account_id, model, model_version, status, outputs, submitted_at,
				    completed_at, queue_ms, inference_ms, batch_size)
				SELECT j.id, j.account_id, j.model, '1',
				    CASE WHEN (hashtext(j.id) & 65535) % 100 < 5 THEN 'FAILED' ELSE 'SUCCEEDED' END,
				    '[{"label": "positive", "score": 0.9}]'::jsonb, j.submitted_at,
				    j.submitted_at + interval '20 ms', 1, 2, 1
				FROM inference_jobs j WHERE j.expiry_code IS NULL AND (hashtext(j.id) & 65535) % 100 < 90""");
		jdbc.execute("""
				INSERT INTO metrics_alerts (id, model, model_version, metric, threshold, observed, window_start,
				    window_end, raised_at)
				SELECT 'alert-' || i, 'model-' || (i % 50), '1', 'errorRate', 0.1, 0.2,
				    now() - i * interval '1 minute', now() - i * interval '1 minute' + interval '1 minute',
				    now() - i * interval '600 milliseconds'
				FROM generate_series(1, 100000) i""");
		jdbc.execute("VACUUM ANALYZE");
	}

	private static PageCursor cursor(JdbcTemplate jdbc, String sql) {
		return jdbc.queryForObject(sql, (rs, row) -> new PageCursor(rs.getTimestamp(1).toInstant(), rs.getString(2)));
	}

	private static Object jobFilter(String account, String model, String status, Instant from) throws Exception {
		return create("dev.pipeline.ingress.job.JobStore$JobFilter", account, model, status, from, null);
	}

	private static void title(String title) {
		System.out.println();
		System.out.println("### " + title);
	}

	/** The repositories are package-private, as they should be; this tool reaches in. */
	private static Object create(String className, Object... args) throws Exception {
		Constructor<?> constructor = Class.forName(className).getDeclaredConstructors()[0];
		constructor.setAccessible(true);
		return constructor.newInstance(args);
	}

	private static void call(Object target, String name, Object... args) throws Exception {
		for (Method method : target.getClass().getDeclaredMethods()) {
			if (method.getName().equals(name) && method.getParameterCount() == args.length) {
				method.setAccessible(true);
				try {
					method.invoke(target, args);
				}
				catch (InvocationTargetException ex) {
					throw (Exception) ex.getCause();
				}
				return;
			}
		}
		throw new IllegalArgumentException(name);
	}

	/**
	 * Runs {@code EXPLAIN (ANALYZE, BUFFERS)} of each query, with the same parameters,
	 * before the query itself, and prints the plan.
	 */
	private static final class ExplainingDataSource extends DelegatingDataSource {

		ExplainingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection connection = super.getConnection();
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, args) -> {
						Object result = invoke(connection, method, args);
						if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
								&& sql.trim().startsWith("SELECT")) {
							return explaining(connection, sql, (PreparedStatement) result);
						}
						return result;
					});
		}

		private static PreparedStatement explaining(Connection connection, String sql, PreparedStatement statement) {
			Map<Integer, Object> parameters = new TreeMap<>();
			InvocationHandler handler = (proxy, method, args) -> {
				if (method.getName().startsWith("set") && args != null && args.length >= 2
						&& args[0] instanceof Integer index) {
					parameters.put(index, args[1]);
				}
				if (method.getName().equals("executeQuery")) {
					System.out.println(sql.strip());
					System.out.println("-- parameters: " + parameters.values());
					try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
						for (Map.Entry<Integer, Object> parameter : parameters.entrySet()) {
							explain.setObject(parameter.getKey(), parameter.getValue());
						}
						try (ResultSet plan = explain.executeQuery()) {
							while (plan.next()) {
								System.out.println(plan.getString(1));
							}
						}
					}
				}
				return invoke(statement, method, args);
			};
			return (PreparedStatement) Proxy.newProxyInstance(ListQueryPlans.class.getClassLoader(),
					new Class<?>[] { PreparedStatement.class }, handler);
		}

		private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
			try {
				return method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}

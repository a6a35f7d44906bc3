package dev.pipeline.servers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from zonky's embedded binaries, those of the platform
 * {@link ServerPlatform} chooses. With a data directory it keeps its data across
 * restarts; without one it starts empty in a temporary directory.
 */
public final class PostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

	public static final String USER = "postgres";

	public static final String DATABASE = "postgres";

	private final EmbeddedPostgres postgres;

	private PostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * @param dataDir where the cluster lives, or {@code null} for a throw-away one
	 * @param port the port, or 0 for any free port
	 */
	public static PostgresServer start(Path dataDir, int port) {
		PgBinaryResolver binaries = binaries(ServerPlatform.current());
		int resolved = Ports.resolve(port);
		Ports.requireFree("PostgreSQL", resolved, "PIPELINE_POSTGRES_PORT");
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setPgBinaryResolver(binaries)
			.setPort(resolved)
			// Several services, each with a connection pool, share this one server.
			.setServerConfig("max_connections", "300");
		if (dataDir != null) {
			builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
		}
		try {
			PostgresServer server = new PostgresServer(builder.start());
			log.info("PostgreSQL listening on localhost:{}", resolved);
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("PostgreSQL did not start: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The binaries of {@code platform}, whatever zonky would detect; a build without that
	 * platform's artifact fails here, naming it, before any process starts.
	 */
	static PgBinaryResolver binaries(ServerPlatform platform) {
		String resource = platform.postgresResource();
		if (PostgresServer.class.getClassLoader().getResource(resource) == null) {
			throw new IllegalStateException("PostgreSQL's binaries for " + platform.name() + " (" + resource
					+ ") are not on the classpath: add " + platform.postgresArtifact() + " to it.");
		}
		return (system, hardware) -> {
			InputStream archive = PostgresServer.class.getClassLoader().getResourceAsStream(resource);
			if (archive == null) {
				throw new IOException(resource + " is no longer on the classpath");
			}
			return archive;
		};
	}

	public int port() {
		return this.postgres.getPort();
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
	}

	public DataSource dataSource() {
		return this.postgres.getPostgresDatabase();
	}

	/** Applies the project's Flyway migrations (classpath:db/migration). */
	public void migrate() {
		migrate(jdbcUrl());
	}

	/**
	 * Applies the migrations to the PostgreSQL at {@code jdbcUrl}, as {@link #USER}
	 * without a password, as this server (and the test kit's container) lets it connect.
	 */
	static void migrate(String jdbcUrl) {
		Flyway.configure().dataSource(jdbcUrl, USER, "").load().migrate();
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			log.warn("PostgreSQL did not stop cleanly: {}", ex.getMessage());
		}
	}

}

package dev.pipeline.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A hot standby of a {@link PostgresServer}: a second PostgreSQL that streams the
 * primary's WAL and answers read-only queries, as a production read replica does.
 *
 * <p>
 * zonky's binaries carry {@code initdb}, {@code pg_ctl} and {@code postgres} but no
 * {@code pg_basebackup}, so the base backup is taken with PostgreSQL's low-level API
 * instead ({@code pg_backup_start}, a copy of the data directory, {@code pg_backup_stop}
 * whose label goes into {@code backup_label}). The primary's defaults already allow it:
 * {@code wal_level=replica}, ten WAL senders, and initdb's {@code trust} entries for
 * {@code replication} from localhost. A physical replication slot, made before the copy,
 * keeps every WAL segment the standby has yet to receive.
 */
public final class PostgresReplica implements AutoCloseable {

	private static final String SLOT = "pipeline_replica";

	/** What a base backup leaves out (PostgreSQL's "Making a Base Backup"). */
	private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
			"backup_label", "tablespace_map", "pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify",
			"pg_serial", "pg_snapshots", "pg_subtrans");

	private final PostgresServer primary;

	private final Path dataDir;

	private PostgresServer standby;

	private PostgresReplica(PostgresServer primary, Path dataDir, PostgresServer standby) {
		this.primary = primary;
		this.dataDir = dataDir;
		this.standby = standby;
	}

	/** Copies {@code primary} into {@code dataDir} and starts it there as a standby. */
	public static PostgresReplica start(PostgresServer primary, Path dataDir) {
		try (Connection connection = DriverManager.getConnection(primary.jdbcUrl(), PostgresServer.USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
			String primaryDir = single(statement, "SHOW data_directory");
			statement.execute("SELECT pg_backup_start('pipeline-replica', true)");
			copy(Path.of(primaryDir), dataDir);
			// Only now does the copy become a consistent backup: from the start's
			// checkpoint to this point, the WAL the slot kept makes it one.
			String label = single(statement, "SELECT labelfile FROM pg_backup_stop(false)");
			Files.writeString(dataDir.resolve("backup_label"), label);
			Files.createFile(dataDir.resolve("standby.signal"));
			Files.writeString(dataDir.resolve("postgresql.auto.conf"), """
					primary_conninfo = 'host=localhost port=%d user=%s application_name=pipeline_replica'
					primary_slot_name = '%s'
					""".formatted(primary.port(), PostgresServer.USER, SLOT), StandardOpenOption.APPEND);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The base backup of the replica failed: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new PostgresReplica(primary, dataDir, PostgresServer.start(dataDir, 0));
	}

	public synchronized int port() {
		return this.standby.port();
	}

	public synchronized String jdbcUrl() {
		return this.standby.jdbcUrl();
	}

	/** Stops the standby, keeping its data directory, so a test can see it gone. */
	public synchronized void stop() {
		this.standby.close();
	}

	/** Starts the stopped standby again on its port; it catches up from the slot. */
	public synchronized void restart() {
		this.standby = PostgresServer.start(this.dataDir, this.standby.port());
	}

	@Override
	public synchronized void close() {
		this.standby.close();
		try (Connection connection = DriverManager.getConnection(this.primary.jdbcUrl(), PostgresServer.USER, "");
				Statement statement = connection.createStatement()) {
			// Otherwise the primary keeps WAL for a standby that never comes back.
			statement.execute("SELECT pg_drop_replication_slot('" + SLOT + "')");
		}
		catch (SQLException ex) {
			// The primary is going away too.
		}
	}

	private static String single(Statement statement, String sql) throws SQLException {
		try (ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

	/**
	 * Copies a running cluster's files; files that vanish or change meanwhile are what
	 * the WAL replay repairs. The directories left out are made empty.
	 */
	private static void copy(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				Path relative = from.relativize(path);
				Path target = to.resolve(relative.toString());
				if (relative.getNameCount() > 0 && NOT_COPIED.contains(relative.getName(0).toString())) {
					if (relative.getNameCount() == 1 && Files.isDirectory(path)) {
						Files.createDirectories(target);
					}
					continue;
				}
				if (Files.isDirectory(path)) {
					Files.createDirectories(target);
				}
				else {
					try {
						Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
					}
					catch (java.nio.file.NoSuchFileException ex) {
						// Dropped while copying (a temporary file): the WAL says so too.
					}
				}
			}
		}
		Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
		// PostgreSQL refuses a data directory that others may read.
		Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
	}

}

package dev.pipeline.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The stack's data directory, held with an exclusive file lock for as long as the stack
 * runs so a second copy started on the same directory stops at once with a clear message.
 * The OS releases the lock if the process dies, so a crash never leaves a stale lock
 * behind.
 */
final class DataDirectory implements AutoCloseable {

	private final Path root;

	private final FileChannel channel;

	private final FileLock lock;

	private DataDirectory(Path root, FileChannel channel, FileLock lock) {
		this.root = root;
		this.channel = channel;
		this.lock = lock;
	}

	static DataDirectory open(Path root, boolean wipe) {
		try {
			Files.createDirectories(root);
		}
		catch (IOException ex) {
			throw new LocalStackException("Cannot create the data directory " + root
					+ ". Set PIPELINE_DATA_DIR to a directory you can write to.");
		}
		if (!Files.isWritable(root)) {
			throw new LocalStackException("The data directory " + root
					+ " is not writable. Set PIPELINE_DATA_DIR to a directory you can write to.");
		}
		FileChannel channel;
		FileLock lock;
		try {
			channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null;
			channel = null;
		}
		catch (IOException ex) {
			throw new LocalStackException("Cannot lock the data directory " + root + " (" + ex.getMessage()
					+ "). Set PIPELINE_DATA_DIR to a directory you can write to.");
		}
		if (lock == null) {
			throw new LocalStackException("Another copy of the local stack is already running on the data directory "
					+ root + ". Stop it first, or start this one with another PIPELINE_DATA_DIR.");
		}
		DataDirectory dir = new DataDirectory(root, channel, lock);
		if (wipe) {
			dir.wipe();
		}
		return dir;
	}

	Path root() {
		return this.root;
	}

	Path kafka() {
		return this.root.resolve("kafka");
	}

	Path postgres() {
		return this.root.resolve("postgres");
	}

	Path redis() {
		return this.root.resolve("redis");
	}

	Path logs() {
		return this.root.resolve("logs");
	}

	Path stackFile() {
		return this.root.resolve("stack.json");
	}

	private void wipe() {
		for (Path dir : new Path[] { kafka(), postgres(), redis(), logs(), this.root.resolve("kafka-streams") }) {
			if (!Files.exists(dir)) {
				continue;
			}
			try (Stream<Path> paths = Files.walk(dir)) {
				paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ex) {
				throw new LocalStackException("Could not wipe " + dir + ": " + ex.getMessage());
			}
		}
	}

	@Override
	public void close() {
		try {
			this.lock.release();
			this.channel.close();
		}
		catch (IOException ex) {
			// The OS releases the lock when the process exits anyway.
		}
	}

}

package dev.pipeline.aggregator.window;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One small memory budget for every RocksDB instance of the process, memtables included.
 * Kafka Streams otherwise gives each instance its own 50 MB block cache and up to three
 * 16 MB memtables, and a segmented window store opens one instance per segment and task:
 * that, not the heap, is what made the aggregator's resident set several hundred MiB. The
 * only RocksDB store left is the one of seen result ids (the others are in memory, see
 * {@link MetricsTopology}); it is written once per result and read by key, so a small
 * cache costs little. The budget is the pattern of the Kafka Streams memory-management
 * guide: one shared LRU cache that the write buffers are charged against.
 */
public class BoundedRocksDbMemory implements RocksDBConfigSetter {

	/** Block cache and memtables together, for all instances. */
	static final long TOTAL_BYTES = 32L * 1024 * 1024;

	/** Of which memtables. */
	static final long MEMTABLE_BYTES = 8L * 1024 * 1024;

	/** Per memtable: a segment takes few writes between flushes. */
	static final long WRITE_BUFFER_BYTES = 2L * 1024 * 1024;

	@Override
	public void setConfig(String storeName, Options options, Map<String, Object> configs) {
		BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
		table.setBlockCache(Shared.cache);
		// Index and filter blocks count against the cache too, so the budget holds.
		table.setCacheIndexAndFilterBlocks(true);
		table.setCacheIndexAndFilterBlocksWithHighPriority(true);
		table.setPinTopLevelIndexAndFilter(true);
		options.setWriteBufferManager(Shared.writeBuffers);
		options.setWriteBufferSize(WRITE_BUFFER_BYTES);
		options.setMaxWriteBufferNumber(2);
		options.setTableFormatConfig(table);
	}

	@Override
	public void close(String storeName, Options options) {
		// The cache and the write buffer manager are shared: closing them here would
		// break the other instances.
	}

	/**
	 * Shared by every instance and never closed: they live as long as the process. Made
	 * on first use, because Kafka Streams instantiates the setter to check the
	 * configuration before it loads the RocksDB library.
	 */
	private static final class Shared {

		static {
			RocksDB.loadLibrary();
		}

		static final Cache cache = new LRUCache(TOTAL_BYTES, -1, false, 0.1);

		static final WriteBufferManager writeBuffers = new WriteBufferManager(MEMTABLE_BYTES, cache);

	}

}

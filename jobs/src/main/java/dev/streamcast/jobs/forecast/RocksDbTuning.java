package dev.streamcast.jobs.forecast;

import java.util.Collection;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.state.rocksdb.ConfigurableRocksDBOptionsFactory;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;

/**
 * The forecast job's RocksDB column-family settings on top of Flink's: a whole-key Bloom filter on the memtables, and
 * no block compression.
 *
 * <p>Every observation reads its key's value with one {@code get}. With keys visited in turn, the key was last
 * written long before, so it is almost never in a memtable; yet without a memtable filter each get searches the
 * active and the immutable memtables' skip lists first (about 20 dependent memory reads each in a 64 MB memtable of
 * 1 KB values). The filter answers "not here" with one or two cache lines (docs/benchmarks.md, "Forecast operator
 * on RocksDB"). Its memory is {@link #MEMTABLE_BLOOM_RATIO} of each memtable, counted in the write buffers.
 *
 * <p>The state is mostly float32 arrays (recurrent state, input ring), which Snappy barely shrinks, while every
 * flush and compaction compresses all of it again and every block-cache miss decompresses: on a machine with few
 * cores those background threads take CPU from the operator. {@link #COMPRESSION} turns Flink's default (Snappy)
 * back on.
 *
 * <p>Installed by the job with {@code state.backend.rocksdb.options-factory}; settings from the job's Flink
 * configuration.
 */
public final class RocksDbTuning implements ConfigurableRocksDBOptionsFactory {
    private static final long serialVersionUID = 1L;

    /** Fraction of each memtable's size given to its whole-key Bloom filter; 0 = none (RocksDB's default). */
    public static final ConfigOption<Double> MEMTABLE_BLOOM_RATIO = ConfigOptions.key(
                    "streamcast.rocksdb.memtable-bloom-ratio")
            .doubleType()
            .defaultValue(0.1)
            .withDescription(
                    "Fraction of each RocksDB memtable given to a whole-key Bloom filter, in [0, 0.25];" + " 0 = none");

    /** Whether RocksDB compresses its blocks (Snappy, Flink's default). */
    public static final ConfigOption<Boolean> COMPRESSION = ConfigOptions.key("streamcast.rocksdb.compression")
            .booleanType()
            .defaultValue(false)
            .withDescription("Whether RocksDB compresses the state's blocks with Snappy (Flink's default); the job"
                    + " turns it off: its float state barely compresses");

    private double memtableBloomRatio = MEMTABLE_BLOOM_RATIO.defaultValue();
    private boolean compression = COMPRESSION.defaultValue();

    @Override
    public RocksDBOptionsFactory configure(ReadableConfig configuration) {
        double r = configuration.get(MEMTABLE_BLOOM_RATIO);
        if (!(r >= 0 && r <= 0.25)) {
            throw new IllegalArgumentException(MEMTABLE_BLOOM_RATIO.key() + " must be in [0, 0.25], found " + r);
        }
        memtableBloomRatio = r;
        compression = configuration.get(COMPRESSION);
        return this;
    }

    @Override
    public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handlesToClose) {
        return current;
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(
            ColumnFamilyOptions current, Collection<AutoCloseable> handlesToClose) {
        if (memtableBloomRatio > 0) {
            current.setMemtablePrefixBloomSizeRatio(memtableBloomRatio).setMemtableWholeKeyFiltering(true);
        }
        if (!compression) {
            // Flink sets a per-level list (Snappy), which RocksDB prefers over the single type: replace both
            current.setCompressionPerLevel(List.of(CompressionType.NO_COMPRESSION))
                    .setCompressionType(CompressionType.NO_COMPRESSION);
        }
        return current;
    }

    @Override
    public String toString() {
        return "RocksDbTuning{memtableBloomRatio=" + memtableBloomRatio + ", compression=" + compression + "}";
    }
}

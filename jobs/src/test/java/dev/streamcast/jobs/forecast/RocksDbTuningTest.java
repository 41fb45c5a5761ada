package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.jobs.common.ForecastConfig;
import java.util.ArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.RocksDB;

class RocksDbTuningTest {

    private static ColumnFamilyOptions columnOptions(Configuration conf) {
        RocksDB.loadLibrary();
        var factory = new EmbeddedRocksDBStateBackend()
                .configure(conf, RocksDbTuningTest.class.getClassLoader())
                .getRocksDBOptions();
        assertThat(factory).isInstanceOf(RocksDbTuning.class);
        return factory.createColumnOptions(new ColumnFamilyOptions(), new ArrayList<>());
    }

    @Test
    void theJobsRocksDbSettingsInstallAMemtableBloomFilterAndNoCompressionByDefault() {
        Configuration job =
                ForecastJob.flinkConfiguration(ForecastConfig.fromArgs(new String[] {"--state-backend", "rocksdb"}));
        try (ColumnFamilyOptions cf = columnOptions(job)) {
            assertThat(cf.memtablePrefixBloomSizeRatio()).isEqualTo(0.1);
            assertThat(cf.memtableWholeKeyFiltering()).isTrue();
            assertThat(cf.compressionPerLevel()).containsExactly(CompressionType.NO_COMPRESSION);
            assertThat(cf.compressionType()).isEqualTo(CompressionType.NO_COMPRESSION);
        }
        job.set(RocksDbTuning.COMPRESSION, true);
        try (ColumnFamilyOptions cf = columnOptions(job)) {
            assertThat(cf.compressionPerLevel()).as("left as Flink set it").isEmpty();
            assertThat(cf.compressionType()).isEqualTo(CompressionType.SNAPPY_COMPRESSION);
        }
        assertThat(ForecastJob.flinkConfiguration(ForecastConfig.defaults()).toMap())
                .as("hashmap: no RocksDB settings")
                .doesNotContainKey(ForecastJob.ROCKSDB_OPTIONS_FACTORY);
    }

    @Test
    void theFilterIsSizedOrTurnedOffFromTheConfiguration() {
        Configuration job =
                ForecastJob.flinkConfiguration(ForecastConfig.fromArgs(new String[] {"--state-backend", "rocksdb"}));
        job.set(RocksDbTuning.MEMTABLE_BLOOM_RATIO, 0.0);
        try (ColumnFamilyOptions cf = columnOptions(job)) {
            assertThat(cf.memtablePrefixBloomSizeRatio()).isZero();
            assertThat(cf.memtableWholeKeyFiltering()).isFalse();
        }
        job.set(RocksDbTuning.MEMTABLE_BLOOM_RATIO, 0.05);
        try (ColumnFamilyOptions cf = columnOptions(job)) {
            assertThat(cf.memtablePrefixBloomSizeRatio()).isEqualTo(0.05);
        }
    }

    @Test
    void aRatioOutOfRangeNamesTheSetting() {
        Configuration conf = new Configuration();
        conf.set(RocksDbTuning.MEMTABLE_BLOOM_RATIO, 0.5);
        assertThatThrownBy(() -> new RocksDbTuning().configure(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("streamcast.rocksdb.memtable-bloom-ratio must be in [0, 0.25], found 0.5");
    }
}

package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.common.Observation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The replay's rows in timestamp order as compact columns, and the generator that turns row i back into an
 * {@link Observation} in the source. Cheaper than {@code fromData} over a list of observations, which serializes
 * every element into the job and deserializes it field by field again in the source.
 */
final class ObservationTable implements GeneratorFunction<Long, Observation> {
    private static final long serialVersionUID = 1L;
    private static final byte[] NO_BYTES = new byte[0];

    private final String[] keys;
    private final int[] key;
    private final long[] ts;
    private final long[] line;
    private final double[] values; // [n * F], row-major
    private final int features;

    ObservationTable(List<Observation> rows) {
        int n = rows.size();
        features = n == 0 ? 1 : rows.get(0).values.length;
        Map<String, Integer> index = new HashMap<>();
        key = new int[n];
        ts = new long[n];
        line = new long[n];
        values = new double[n * features];
        for (int i = 0; i < n; i++) {
            Observation o = rows.get(i);
            key[i] = index.computeIfAbsent(o.key, k -> index.size());
            ts[i] = o.ts;
            line[i] = o.offset;
            System.arraycopy(o.values, 0, values, i * features, features);
        }
        keys = new String[index.size()];
        index.forEach((k, i) -> keys[i] = k);
    }

    int size() {
        return ts.length;
    }

    @Override
    public Observation map(Long index) {
        int i = Math.toIntExact(index);
        double[] v = new double[features];
        System.arraycopy(values, i * features, v, 0, features);
        // the CSV line travels as the source offset, so a dead letter names its line
        return new Observation(keys[key[i]], ts[i], v, NO_BYTES, "", 0, line[i]);
    }
}

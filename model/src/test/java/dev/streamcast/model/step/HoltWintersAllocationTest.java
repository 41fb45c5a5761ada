package dev.streamcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.streamcast.model.Smoothing;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hybrid's per-event work without a season allocates nothing: the key's own set looked up by name
 * ({@link Smoothing#forKey}), the observation taken and the combination made, for 1000 keys in turn. Measured as
 * {@link StreamingModelAllocationTest} does (some round of 100,000 events allocates exactly 0 bytes, none 1 KiB).
 */
class HoltWintersAllocationTest {
    private static final int KEYS = 1000;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void aHundredThousandEventsWithPerKeySetsAllocateNothingAfterWarmUp() {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported(), "allocation counter not supported");
        THREADS.setThreadAllocatedMemoryEnabled(true);
        String[] names = new String[KEYS + 1];
        Map<String, Smoothing> own = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            names[k] = "key-" + k;
            if (k % 2 == 0) { // half the keys have their own set, the rest take the global one
                own.put(names[k], new Smoothing(0.05 + 0.0009 * k, 0, 0, false, 0.4, 0.6, 0.03, Map.of()));
            }
        }
        names[KEYS] = "a key not trained on";
        Smoothing global = new Smoothing(0.3, 0.02, 0, false, 0.4, 0.95, 0.05, own);
        double[][] states = new double[KEYS + 1][HoltWinters.stateSize(1)];
        for (int k = 0; k <= KEYS; k++) {
            HoltWinters.reset(states[k], global.forKey(names[k]));
        }
        double sink = run(global, names, states, 100_000) + run(global, names, states, 100_000);
        long[] allocated = new long[5];
        for (int round = 0; round < allocated.length; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            sink += run(global, names, states, 100_000);
            allocated[round] = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        System.out.printf(
                "bytes allocated by each round of 100000 events %s, sink %.3f%n", Arrays.toString(allocated), sink);
        assertThat(allocated).as("bytes per round").contains(0L);
        assertThat(Arrays.stream(allocated).max().getAsLong())
                .as("most bytes in a round")
                .isLessThan(1024);
    }

    private static double run(Smoothing global, String[] names, double[][] states, int events) {
        double sum = 0;
        for (int t = 0; t < events; t++) {
            int k = t % names.length;
            Smoothing p = global.forKey(names[k]);
            HoltWinters.observe(states[k], 1, p, 20 + Math.sin(t));
            sum += HoltWinters.combine(sum * 1e-9, HoltWinters.forecast(states[k], 1, p, 1), p);
        }
        return sum;
    }
}

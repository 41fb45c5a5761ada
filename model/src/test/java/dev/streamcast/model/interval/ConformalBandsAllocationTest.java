package dev.streamcast.model.interval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * "No allocation per step" for the calibrator, measured the way {@code StreamingModelAllocationTest} does (see its
 * javadoc for why some round must show exactly 0 bytes and none 1 KiB): one observe and the bounds of every level
 * per step, over a thousand keys.
 */
class ConformalBandsAllocationTest {

    private static final int KEYS = 1000;
    private static final int STEPS = 100_000;
    private static final int ROUNDS = 5;

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void hundredThousandStepsOverAThousandKeysAllocateNothingAfterWarmUp() {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported(), "allocation counter not supported");
        THREADS.setThreadAllocatedMemoryEnabled(true);
        ConformalBands bands = new ConformalBands(0.8, 0.95);
        float[][] states = new float[KEYS][];
        for (int k = 0; k < KEYS; k++) {
            states[k] = bands.newState(Calibration.GAUSSIAN, k % 2 == 0); // half of them relative
        }
        double[] ys = new double[97];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = Math.sin(i * 1.7) * (1 + i % 5);
        }
        double sink = run(bands, states, ys) + run(bands, states, ys);
        long counterCost = THREADS.getCurrentThreadAllocatedBytes();
        counterCost = THREADS.getCurrentThreadAllocatedBytes() - counterCost;
        long[] allocated = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            sink += run(bands, states, ys);
            allocated[round] = THREADS.getCurrentThreadAllocatedBytes() - before - counterCost;
        }
        System.out.printf(
                "conformal bands: bytes per round of %d steps %s, sink %.3f%n",
                STEPS, Arrays.toString(allocated), sink);
        assertThat(allocated).as("bytes per round").contains(0L);
        assertThat(Arrays.stream(allocated).max().getAsLong())
                .as("most bytes in a round")
                .isLessThan(1024);
    }

    private static double run(ConformalBands bands, float[][] states, double[] ys) {
        double sum = 0;
        for (int t = 0; t < STEPS; t++) {
            float[] s = states[t % KEYS];
            double forecast = ys[(t + 1) % ys.length];
            bands.observe(s, forecast, ys[t % ys.length]);
            if (bands.ready(s)) {
                for (int i = 0; i < bands.levelCount(); i++) {
                    sum += bands.upper(s, i, forecast) - bands.lower(s, i, forecast);
                }
            }
        }
        return sum;
    }
}

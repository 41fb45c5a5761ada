package dev.streamcast.jobs.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleText} must give, character for character, the text Jackson's fast double writer gives (what the
 * forecast JSON held before it), and that text must read back as the same double. Each test draws a few million
 * doubles; {@code -DdoubleText.count=N} draws N of each kind instead (docs/benchmarks.md records a run of 10^8).
 */
class DoubleTextTest {

    private static final int COUNT = Integer.getInteger("doubleText.count", 300_000);
    private static final char[] BUF = new char[DoubleText.MAX_CHARS];

    private static void check(double v) {
        String expected = NumberOutput.toString(v, true);
        int n = DoubleText.write(v, BUF, 0);
        String got = new String(BUF, 0, n);
        if (!got.equals(expected)) { // assertThat per value would cost more than the conversion
            assertThat(got).as("bits %016x", Double.doubleToRawLongBits(v)).isEqualTo(expected);
        }
        if (Double.isFinite(v) && Double.parseDouble(got) != v) {
            assertThat(Double.parseDouble(got)).as("round trip of %s", got).isEqualTo(v);
        }
    }

    @Test
    void writesWhatJacksonWritesForEdgeCases() {
        double[] edges = {
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.2,
            0.3,
            0.8,
            0.95,
            1e-3,
            1e7,
            1e-4,
            9.999999e6,
            123456.0,
            185.71,
            Double.MIN_VALUE,
            Double.MIN_NORMAL,
            Double.MAX_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            2e23,
            5e-324,
            9007199254740991.0,
            9007199254740992.0,
            4.35,
            2.675,
            1.005,
            0.001,
            0.0010000000000000002,
            9999999.999999998,
            1.7976931348623157e308
        };
        for (double v : edges) {
            check(v);
            check(-v);
            check(Math.nextUp(v));
            check(Math.nextDown(v));
        }
    }

    @Test
    void writesWhatJacksonWritesAroundPowersOfTwoAndTen() {
        // powers of two have the narrower interval below them; powers of ten and their neighbours end digit runs
        for (int e = -1074; e <= 1023; e++) {
            double v = Math.scalb(1.0, e);
            for (int i = -3; i <= 3; i++) {
                double x = v;
                for (int j = 0; j < Math.abs(i); j++) {
                    x = i < 0 ? Math.nextDown(x) : Math.nextUp(x);
                }
                check(x);
                check(-x);
            }
        }
        for (int e = -325; e <= 308; e++) {
            double v = Double.parseDouble("1e" + e);
            for (double x : new double[] {v, Math.nextUp(v), Math.nextDown(v), 5 * v, 9.5 * v, 0.5 * v}) {
                check(x);
                check(-x);
            }
        }
    }

    @Test
    void writesWhatJacksonWritesForRandomDoublesOfTheFastRange() {
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < COUNT; i++) {
            // log-uniform over [1e-4, 1e8): the fast range and a decade on either side of it
            double v = Math.pow(10, -4 + 12 * r.nextDouble());
            check(r.nextBoolean() ? v : -v);
            // random significand bits at a random exponent of the fast range
            long bits = ((long) (1013 + r.nextInt(24)) << 52) | (r.nextLong() & ((1L << 52) - 1));
            check(Double.longBitsToDouble(bits));
        }
    }

    @Test
    void writesWhatJacksonWritesForShortDecimalsAndIntegers() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < COUNT; i++) {
            // a decimal of 1 to 17 digits with 0 to 20 after the point, as a producer or a fit would write it
            int digits = 1 + r.nextInt(17);
            long d = r.nextLong(1, (long) Math.pow(10, Math.min(digits, 18)));
            check(d / Math.pow(10, r.nextInt(21)));
            check(Double.parseDouble(d + "e-" + r.nextInt(21)));
            check((double) r.nextLong(1, 10_000_001));
        }
    }

    @Test
    void writesWhatJacksonWritesForRandomBits() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < COUNT; i++) {
            check(Double.longBitsToDouble(r.nextLong()));
        }
    }
}

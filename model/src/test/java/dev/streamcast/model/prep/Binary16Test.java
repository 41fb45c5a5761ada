package dev.streamcast.model.prep;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Binary16}: every binary16 bit pattern through both conversions, and the rounding of floats against a
 * reference that picks the nearest of all finite binary16 values with exact decimal arithmetic (ties to the even
 * bit pattern), over random floats of every exponent, halfway cases, subnormals, overflow and ±0.
 */
class Binary16Test {
    /** The finite non-negative binary16 values in increasing order: bit patterns 0 .. 0x7bff. */
    private static final BigDecimal[] POSITIVE = new BigDecimal[0x7c00];

    static {
        for (int h = 0; h < POSITIVE.length; h++) {
            POSITIVE[h] = new BigDecimal(reference(h));
        }
    }

    @Test
    void everyFiniteBinary16SurvivesARoundTripAndInfinitiesAndNaNsKeepTheirKind() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Binary16.toFloat(h);
            int exponent = (h >>> 10) & 0x1f;
            if (exponent == 0x1f && (h & 0x3ff) != 0) {
                assertThat(f).as("pattern %04x", h).isNaN();
                assertThat(Binary16.toBits(f)).isEqualTo((h & 0x8000) | 0x7e00);
            } else if (exponent == 0x1f) {
                assertThat(f).isEqualTo((h & 0x8000) != 0 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
                assertThat(Binary16.toBits(f)).as("infinity clamps").isEqualTo((h & 0x8000) | 0x7bff);
            } else {
                assertThat(f).as("pattern %04x", h).isEqualTo(reference(h));
                assertThat(Float.floatToRawIntBits(f) >>> 31).isEqualTo(h >>> 15); // -0 stays -0
                assertThat(Binary16.toBits(f)).as("pattern %04x", h).isEqualTo(h);
                assertThat(Binary16.round(f)).isEqualTo(f);
            }
        }
    }

    @Test
    void roundsToTheNearestWithTiesToEven() {
        // halfway between 1 and 1 + 2^-10: to 1 (even); between 1 + 2^-10 and 1 + 2^-9: to 1 + 2^-9 (even)
        assertThat(Binary16.round(1 + 0x1p-11f)).isEqualTo(1f);
        assertThat(Binary16.round(1 + 3 * 0x1p-11f)).isEqualTo(1 + 0x1p-9f);
        assertThat(Binary16.round(Math.nextUp(1 + 0x1p-11f))).isEqualTo(1 + 0x1p-10f);
        // subnormals: 2^-25 (tie between 0 and 2^-24) to 0, 3·2^-25 to 2^-23, just above 2^-25 to 2^-24
        assertThat(Binary16.toBits(0x1p-25f)).isEqualTo(0);
        assertThat(Binary16.toBits(3 * 0x1p-25f)).isEqualTo(2);
        assertThat(Binary16.toBits(Math.nextUp(0x1p-25f))).isEqualTo(1);
        assertThat(Binary16.toBits(-Float.MIN_VALUE)).isEqualTo(0x8000);
        // the largest subnormal rounding up into the smallest normal
        assertThat(Binary16.toBits(0x1p-14f - 0x1p-26f)).isEqualTo(0x0400);
        // overflow clamps
        assertThat(Binary16.round(65519f)).isEqualTo(65504f);
        assertThat(Binary16.round(65520f)).isEqualTo(65504f);
        assertThat(Binary16.round(1e9f)).isEqualTo(65504f);
        assertThat(Binary16.round(Float.NEGATIVE_INFINITY)).isEqualTo(-65504f);
        assertThat(Float.floatToRawIntBits(Binary16.round(-0f))).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(Binary16.round(Float.NaN)).isNaN();
    }

    @Test
    void agreesWithTheReferenceRoundingOnRandomFloats() {
        Random r = new Random(16);
        for (int i = 0; i < 200_000; i++) {
            float x;
            switch (i % 4) {
                case 0 -> x = Float.intBitsToFloat(r.nextInt()); // every exponent, NaNs and infinities too
                case 1 -> x = (float) (r.nextGaussian() * Math.pow(2, r.nextInt(40) - 26)); // around binary16's range
                case 2 -> { // an exact halfway point between two neighbouring binary16 values, or one float off it
                    int h = r.nextInt(0x7bff);
                    float mid = (float) ((reference(h) + (double) reference(h + 1)) / 2);
                    x = switch (r.nextInt(3)) {
                        case 0 -> mid;
                        case 1 -> Math.nextUp(mid);
                        default -> Math.nextDown(mid);
                    };
                    x = r.nextBoolean() ? x : -x;
                }
                default -> x = Float.intBitsToFloat(r.nextInt(0x38800000) | (r.nextBoolean() ? 0x80000000 : 0));
            }
            if (Float.isNaN(x)) {
                assertThat(Binary16.round(x)).isNaN();
                continue;
            }
            assertThat(Binary16.toBits(x))
                    .as("x = %s (%08x)", x, Float.floatToRawIntBits(x))
                    .isEqualTo(nearest(x));
        }
    }

    /** The reference: the nearest finite binary16 by exact comparison, ties to the even pattern, clamped. */
    private static int nearest(float x) {
        int sign = Float.floatToRawIntBits(x) < 0 ? 0x8000 : 0;
        if (Math.abs(x) >= 65504f) {
            return sign | 0x7bff;
        }
        BigDecimal a = new BigDecimal(Math.abs((double) x));
        int lo = 0;
        int hi = POSITIVE.length - 1; // POSITIVE[lo] <= a < POSITIVE[hi]
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (POSITIVE[mid].compareTo(a) <= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        int c = a.subtract(POSITIVE[lo]).compareTo(POSITIVE[hi].subtract(a));
        int h = c < 0 ? lo : c > 0 ? hi : (lo % 2 == 0 ? lo : hi);
        return sign | h;
    }

    /** A finite binary16's value from its definition: (-1)^s · 2^(e − 15) · (1 + f/1024), or 2^-14 · f/1024. */
    private static float reference(int h) {
        int e = (h >>> 10) & 0x1f;
        int f = h & 0x3ff;
        double v = e == 0 ? Math.scalb(f / 1024.0, -14) : Math.scalb(1 + f / 1024.0, e - 15);
        return (float) ((h & 0x8000) != 0 ? -v : v);
    }
}

package dev.streamcast.model.prep;

/**
 * IEEE 754 binary16 (half precision) for the forecast job's input ring: 1 sign bit, 5 exponent bits (bias 15), 10
 * fraction bits; normal values 2^-14 to 65504 with 11 significant bits (relative spacing 2^-10 ≈ 0.1%), subnormals
 * down to 2^-24. Java 17 has no {@code Float.floatToFloat16}, so the conversion is written here.
 *
 * <p>{@link #toBits(float)} rounds to the nearest binary16, ties to the even fraction, as IEEE's default rounding
 * does, with one departure: a value beyond the largest finite binary16 (|x| ≥ 65504, infinities included) becomes
 * ±65504 instead of ±∞, so a scaled input far out of range stays finite. NaN becomes the quiet NaN 0x7e00 with its
 * sign. {@link #toFloat(int)} is exact (every binary16 is a float). Every finite binary16 survives
 * {@code toBits(toFloat(h)) == h}, ±0 included (Binary16Test checks all 65,536 bit patterns).
 */
public final class Binary16 {
    private Binary16() {}

    /** The largest finite binary16, 65504 = (2 − 2^-10)·2^15: the clamp. */
    public static final float MAX = 65504f;

    private static final int MAX_BITS = 0x7bff;
    private static final int NAN_BITS = 0x7e00;

    // thresholds on |x|'s float bits
    private static final int FLOAT_MAX_HALF = 0x477fe000; // 65504
    private static final int FLOAT_MIN_NORMAL_HALF = 0x38800000; // 2^-14
    private static final int FLOAT_HALF_OF_MIN_SUBNORMAL = 0x33000000; // 2^-25: this and below round to 0

    /** The binary16 nearest to x (ties to even, clamped to ±65504), in the low 16 bits. */
    public static int toBits(float x) {
        int bits = Float.floatToRawIntBits(x);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs > 0x7f800000) {
            return sign | NAN_BITS;
        }
        if (abs >= FLOAT_MAX_HALF) {
            return sign | MAX_BITS;
        }
        if (abs >= FLOAT_MIN_NORMAL_HALF) {
            // keep the top 10 of 23 fraction bits, rounded without a branch: adding 0xfff plus the lowest kept bit
            // carries into the kept bits exactly when the dropped 13 are above half, or at half with that bit odd
            // (a carry out of the fraction moves into the exponent, as it should); then rebias (127 → 15)
            int rounded = abs + 0xfff + ((abs >>> 13) & 1);
            return sign | (rounded - (112 << 23)) >>> 13;
        }
        if (abs <= FLOAT_HALF_OF_MIN_SUBNORMAL) {
            return sign; // ±0 (2^-25 itself is the tie between 0 and 2^-24: to even, 0)
        }
        // a subnormal binary16 m·2^-24: m = significand · 2^(e − 150 + 24), the exponent e of x in 102 .. 112
        int significand = (abs & 0x7fffff) | 0x800000;
        int shift = 126 - (abs >>> 23);
        int m = significand >>> shift;
        return sign | m + roundUp(significand & ((1 << shift) - 1), shift, m);
    }

    /** 1 when the dropped low {@code bits} bits of a value, {@code rest}, round its kept part {@code kept} up. */
    private static int roundUp(int rest, int bits, int kept) {
        int half = 1 << (bits - 1);
        return rest > half || (rest == half && (kept & 1) != 0) ? 1 : 0;
    }

    /** The value of the binary16 in the low 16 bits of h (exact). */
    public static float toFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int fraction = h & 0x3ff;
        if (exponent == 0) { // ±0 and subnormals: fraction·2^-24, exact in float
            return Float.intBitsToFloat(sign | Float.floatToRawIntBits(fraction * 0x1p-24f));
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | fraction << 13);
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | fraction << 13);
    }

    /** x rounded to the nearest binary16 (as {@link #toBits}), as a float. */
    public static float round(float x) {
        return toFloat(toBits(x));
    }

    /** Rounds every element of a to binary16 in place. */
    public static void round(float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = round(a[i]);
        }
    }
}

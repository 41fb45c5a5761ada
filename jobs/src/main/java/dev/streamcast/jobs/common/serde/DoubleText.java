package dev.streamcast.jobs.common.serde;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * Writes a double as the shortest decimal that reads back as the same double, into a caller's {@code char[]} and
 * without allocating: the text Jackson's fast double writer gives ({@code NumberOutput.toString(v, true)}, Schubfach;
 * the rules of {@code Double.toString} since JDK 19). Among the decimals of fewest digits that round to {@code v},
 * the one closest to {@code v}, even last digit on a tie; plain notation with at least one digit after the point
 * ({@code 185.71}, {@code 0.8}, {@code 42.0}).
 *
 * <p>Computed here, exactly, for {@code 10^-3 <= |v| < 10^7} (the plain notation's range, where every number a
 * forecast carries falls in practice) and zero; other values (scientific notation, NaN, infinities) are Jackson's
 * text, which allocates. {@code DoubleTextTest} compares the two over millions of doubles.
 *
 * <p>How: {@code v = c 2^q} (c the 53-bit significand). The decimals that round to v are those of the interval of
 * half an ulp on either side, {@code [(2c - 1) 2^(q-1), (2c + 1) 2^(q-1)]} (a quarter ulp below at a power of two;
 * the ends belong to it when c is even: ties round to even). Scaled by {@code 10^p} for a p that gives 18 digits,
 * its integers are {@code [lo, hi]}, found exactly in 128-bit arithmetic ({@code c 5^p / 2^s}). Dropping the last
 * digit while {@code [ceil(lo / 10), floor(hi / 10)]} is not empty gives the fewest digits; the digits are then the
 * integer nearest {@code v 10^p'} kept within the interval. Everything fits: {@code c < 2^53}, {@code 5^p < 2^49},
 * shifts below 64.
 */
public final class DoubleText {
    private DoubleText() {}

    /** Room for any text this writes (Jackson's longest: {@code -d.ddddddddddddddddE-eee}). */
    public static final int MAX_CHARS = 32;

    private static final long[] POW5 = new long[28];

    static {
        POW5[0] = 1;
        for (int i = 1; i < POW5.length; i++) {
            POW5[i] = POW5[i - 1] * 5;
        }
    }

    /** Writes v's text into {@code out} from {@code at} (room for {@link #MAX_CHARS}) and returns where it ends. */
    public static int write(double v, char[] out, int at) {
        long bits = Double.doubleToRawLongBits(v);
        double abs = Math.abs(v);
        if (abs == 0) {
            return put(bits < 0 ? "-0.0" : "0.0", out, at);
        }
        if (!(abs >= 1e-3 && abs < 1e7)) {
            return put(NumberOutput.toString(v, true), out, at);
        }
        int bq = (int) (bits >>> 52) & 0x7ff; // biased exponent; normal here
        long t = bits & ((1L << 52) - 1);
        long c = (1L << 52) | t; // v = c 2^q
        int q = bq - 1075;
        int e2 = bq - 1023; // 2^e2 <= |v| < 2^(e2 + 1)
        int p = (int) (((61L - e2) * 78_913) >>> 18); // floor((61 - e2) log10 2): 2^61 / 10 < |v| 10^p < 2^62
        int s = -(p + q); // |v| 10^p = c 5^p / 2^s, s in [18, 42] here
        long p5 = POW5[p];
        boolean closed = (c & 1) == 0;

        // hi = the largest integer of the interval scaled by 10^p, (2c + 1) 5^p / 2^(s+1)
        long uHi = Math.multiplyHigh(2 * c + 1, p5);
        long uLo = (2 * c + 1) * p5;
        long hi = shiftRight(uHi, uLo, s + 1);
        if (!closed && (uLo & ((1L << (s + 1)) - 1)) == 0) {
            hi--; // the end itself rounds to the even neighbour
        }
        // lo = the smallest, from (2c - 1) 5^p / 2^(s+1), or (4c - 1) 5^p / 2^(s+2) at a power of two
        boolean irregular = t == 0 && bq > 1;
        long m = irregular ? 4 * c - 1 : 2 * c - 1;
        int k = irregular ? s + 2 : s + 1;
        long lHi = Math.multiplyHigh(m, p5);
        long lLo = m * p5;
        long lo = shiftRight(lHi, lLo, k);
        if (!closed || (lLo & ((1L << k) - 1)) != 0) {
            lo++; // ceil, or past an open end
        }

        // fewest digits: drop the last one while a multiple of 10 stays within [lo, hi] (four at a time first: a
        // short decimal such as 0.8 drops 17 of its 18)
        int drop = 0;
        for (; ; drop += 4) {
            long nlo = (lo + 9999) / 10_000;
            long nhi = hi / 10_000;
            if (nlo > nhi) {
                break;
            }
            lo = nlo;
            hi = nhi;
        }
        for (; ; drop++) {
            long nlo = (lo + 9) / 10;
            long nhi = hi / 10;
            if (nlo > nhi) {
                break;
            }
            lo = nlo;
            hi = nhi;
        }
        int fraction = p - drop; // digits after the point
        int i = at;
        if (bits < 0) {
            out[i++] = '-';
        }
        if (fraction <= 0) {
            // an integer in the interval is v itself (|v| < 2^53): its digits and ".0"
            i = digits((long) abs, out, i);
            out[i++] = '.';
            out[i++] = '0';
            return i;
        }
        // the digits: the integer nearest |v| 10^fraction = c 5^fraction / 2^sf (ties to even), kept in [lo, hi]
        int sf = -(fraction + q);
        long nHi = Math.multiplyHigh(c, POW5[fraction]);
        long nLo = c * POW5[fraction];
        long d = shiftRight(nHi, nLo, sf);
        long rem = nLo & ((1L << sf) - 1);
        long half = 1L << (sf - 1);
        if (rem > half || rem == half && (d & 1) != 0) {
            d++;
        }
        d = Math.max(lo, Math.min(hi, d));
        int n = length(d);
        if (n <= fraction) { // 0.00ddd
            out[i++] = '0';
            out[i++] = '.';
            for (int z = n; z < fraction; z++) {
                out[i++] = '0';
            }
            return digits(d, out, i);
        }
        int end = digits(d, out, i + 1); // room for the point
        int point = end - fraction - 1;
        System.arraycopy(out, i + 1, out, i, point - i);
        out[point] = '.';
        return end;
    }

    /** floor((hi 2^64 + lo) / 2^k), 0 < k < 64, when it fits in a long (here below 2^62). */
    private static long shiftRight(long hi, long lo, int k) {
        return (hi << (64 - k)) | (lo >>> k);
    }

    /** The decimal digits of {@code x >= 0} at {@code at}; returns where they end. */
    private static int digits(long x, char[] out, int at) {
        int end = at + length(x);
        for (int i = end - 1; i >= at; i--) {
            out[i] = (char) ('0' + x % 10);
            x /= 10;
        }
        return end;
    }

    private static int length(long x) {
        int n = 1;
        for (long limit = 10; n < 19 && x >= limit; limit *= 10) {
            n++;
        }
        return n;
    }

    private static int put(String s, char[] out, int at) {
        s.getChars(0, s.length(), out, at);
        return at + s.length();
    }
}

package dev.streamcast.jobs.common;

/**
 * Strict decimal numbers for text from files and the command line. {@link Double#parseDouble} also accepts Java
 * source forms ({@code 12d}, {@code 1f}, hex floats such as {@code 0x1p3}), surrounding blanks, NaN and Infinity; a
 * value in a CSV file written that way is a mistake, not a number.
 */
public final class Numbers {
    private Numbers() {}

    /** The longest text taken as a number; longer is refused before it is read. */
    public static final int MAX_CHARS = 64;

    /**
     * Parses {@code [+-]digits[.digits][(e|E)[+-]digits]} (digits on at least one side of the point) to a finite
     * double.
     *
     * @throws NumberFormatException for anything else, or a value beyond the range of a double
     */
    public static double parseDecimal(CharSequence s) {
        int n = s.length();
        if (n == 0 || n > MAX_CHARS) {
            throw new NumberFormatException("not a decimal number");
        }
        int i = 0;
        if (s.charAt(i) == '+' || s.charAt(i) == '-') {
            i++;
        }
        int intDigits = digits(s, i);
        i += intDigits;
        int fracDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            fracDigits = digits(s, i);
            i += fracDigits;
        }
        if (intDigits + fracDigits == 0) {
            throw new NumberFormatException("not a decimal number");
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = digits(s, i);
            if (expDigits == 0) {
                throw new NumberFormatException("not a decimal number");
            }
            i += expDigits;
        }
        if (i != n) {
            throw new NumberFormatException("not a decimal number");
        }
        double d = Double.parseDouble(s.toString());
        if (!Double.isFinite(d)) {
            throw new NumberFormatException("out of range");
        }
        return d;
    }

    private static int digits(CharSequence s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }
}

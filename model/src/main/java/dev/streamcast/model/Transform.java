package dev.streamcast.model;

/**
 * How one feature of a series is made stationary before scaling. Forecasts of the target are mapped back to the
 * original units by the inverse.
 */
public enum Transform {
    /** v. */
    NONE,
    /** v_t - v_{t-1}. */
    DIFF,
    /** ln(v_t / v_{t-1}); for prices (values must be strictly positive). */
    LOG_DIFF;

    /** Whether the transform needs the previous raw value (so the first observation of a series yields no input). */
    public boolean needsPrevious() {
        return this != NONE;
    }

    /** Parses a name case-insensitively, accepting "log-diff" and "log_diff"; the message lists the choices. */
    public static Transform parse(String name) {
        String n = name.trim().replace('-', '_');
        for (Transform t : values()) {
            if (t.name().equalsIgnoreCase(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "transform must be one of none, diff, log-diff, found '" + name + "'");
    }
}

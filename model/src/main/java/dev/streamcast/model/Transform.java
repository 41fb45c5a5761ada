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
    LOG_DIFF,
    /** v_t - v_{t-m}, m = the model's season (2 or more); for seasonal series (Box & Jenkins' seasonal difference). */
    SEASONAL_DIFF;

    /** How many earlier raw values the transform needs: 0, 1, or the season m for SEASONAL_DIFF. */
    public int history(int season) {
        return switch (this) {
            case NONE -> 0;
            case DIFF, LOG_DIFF -> 1;
            case SEASONAL_DIFF -> season;
        };
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
                "transform must be one of none, diff, log-diff, seasonal-diff, found '" + name + "'");
    }
}

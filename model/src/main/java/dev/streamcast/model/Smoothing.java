package dev.streamcast.model;

/**
 * The exponential-smoothing half of a hybrid forecast: each key also runs an additive Holt-Winters forecaster (level,
 * trend and, with a season m &ge; 2, m seasonal terms; Holt's linear trend without a season), on ln v when
 * {@code log}, and the forecast served is the combination
 *
 * <pre>
 *   ŷ = w · ŷ_network + (1 - w) · ŷ_smoothing
 * </pre>
 *
 * (combinations of a neural and a statistical forecaster won the M4 competition; Smyl 2020, Makridakis et al. 2020).
 * The parameters are fitted on the training part only: α, β, γ by one-step error on it, w on its validation tail
 * (docs/accuracy.md, "The hybrid"). The equations are in {@code step.HoltWinters}.
 *
 * @param alpha α, the level's smoothing weight, in [0, 1]
 * @param beta β, the trend's, in [0, 1]
 * @param gamma γ, the seasonal terms', in [0, 1] (unused without a season)
 * @param log whether the forecaster smooths ln v (multiplicative season and trend); chosen only when every training
 *     value is &gt; 0
 * @param weight w, the network's weight in the combination, in [0, 1]; 1 = the network alone
 */
public record Smoothing(double alpha, double beta, double gamma, boolean log, double weight) {

    public Smoothing {
        check(alpha, "alpha");
        check(beta, "beta");
        check(gamma, "gamma");
        check(weight, "weight");
    }

    private static void check(double v, String name) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("smoothing " + name + " must be in [0, 1], found " + v);
        }
    }

    /** Whether the served forecast is the network's alone (w = 1): then keys need no smoothing state. */
    public boolean networkOnly() {
        return weight == 1;
    }
}

package dev.streamcast.model;

import java.util.Map;

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
 * Without a season the smoothing's own forecast is itself a mix of two speeds, ψ · Holt + (1 - ψ) · μ, with μ a slow
 * exponentially weighted mean of rate κ (mean reversion, docs/accuracy.md "Without a season"). The parameters are
 * fitted on the training part only: α, β, γ, ψ, κ by one-step error on it, w on its validation tail (docs/accuracy.md,
 * "The hybrid"). The equations are in {@code step.HoltWinters}.
 *
 * <p>A set may hold per-key sets ({@link #keys}): the parameters fitted on each key the model was trained on (same
 * w); a key not among them takes this, the global set ({@link #forKey}).
 *
 * @param alpha α, the level's smoothing weight, in [0, 1]
 * @param beta β, the trend's, in [0, 1]
 * @param gamma γ, the seasonal terms', in [0, 1] (unused without a season)
 * @param log whether the forecaster smooths ln v (multiplicative season and trend); chosen only when every training
 *     value is &gt; 0
 * @param weight w, the network's weight in the combination, in [0, 1]; 1 = the network alone
 * @param fast ψ, Holt's weight in the smoothing's forecast against the slow mean μ, in [0, 1]; 1 = Holt alone (and
 *     always 1 with a season)
 * @param slow κ, the slow mean's rate, in [0, 1] (unused when ψ = 1)
 * @param keys the per-key sets by key, each without keys of its own and with this set's w and units; empty for none
 * @param start the key's fitted starting states (a per-key set with a season), or null: Holt-Winters then starts from
 *     the key's first season
 */
public record Smoothing(
        double alpha,
        double beta,
        double gamma,
        boolean log,
        double weight,
        double fast,
        double slow,
        Map<String, Smoothing> keys,
        Start start) {

    /**
     * The starting states of a key's Holt-Winters with a season m, fitted with the weights as R's ets fits them
     * (docs/accuracy.md, "Starting states fitted as ets fits them"): [ℓ₀, b₀, s₀ .. s_{m-1}], s_i the seasonal term of
     * the key's observation i (mod m) counted from its first training row, whose time is {@code at}. The forecast job
     * starts a key's state from them only when its first observation is that row (epoch ms); else from the first
     * season, as without.
     *
     * @param at the time of the key's first training row, epoch ms
     * @param states [m + 2], every one finite
     */
    public record Start(long at, double[] states) {
        public Start {
            if (states.length < 4) {
                throw new IllegalArgumentException(
                        "smoothing starting states need a season of at least 2 (4 values), found " + states.length);
            }
            for (int i = 0; i < states.length; i++) {
                if (!Double.isFinite(states[i])) {
                    throw new IllegalArgumentException(
                            "smoothing starting state " + i + " must be finite, found " + states[i]);
                }
            }
            states = states.clone();
        }

        /** The season m these states are for. */
        public int season() {
            return states.length - 2;
        }

        @Override
        public double[] states() {
            return states.clone();
        }

        /** State i without a copy (for the step). */
        public double state(int i) {
            return states[i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Start s && s.at == at && java.util.Arrays.equals(s.states, states);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(at) * 31 + java.util.Arrays.hashCode(states);
        }

        @Override
        public String toString() {
            return "Start[at=" + at + ", states=" + java.util.Arrays.toString(states) + "]";
        }
    }

    public Smoothing {
        check(alpha, "alpha");
        check(beta, "beta");
        check(gamma, "gamma");
        check(weight, "weight");
        check(fast, "psi (fast weight)");
        check(slow, "kappa (slow rate)");
        keys = Map.copyOf(keys);
        for (Map.Entry<String, Smoothing> e : keys.entrySet()) {
            Smoothing k = e.getValue();
            if (!k.keys.isEmpty() || k.weight != weight) {
                throw new IllegalArgumentException("the smoothing of key '" + e.getKey()
                        + "' must have no keys of its own and the global network weight " + weight + ", found "
                        + k.keys.size() + " keys and weight " + k.weight);
            }
        }
        if (start != null && !keys.isEmpty()) {
            throw new IllegalArgumentException("starting states belong to a per-key set, not to the global one");
        }
    }

    /** Without starting states. */
    public Smoothing(
            double alpha,
            double beta,
            double gamma,
            boolean log,
            double weight,
            double fast,
            double slow,
            Map<String, Smoothing> keys) {
        this(alpha, beta, gamma, log, weight, fast, slow, keys, null);
    }

    /** One set for every key, Holt (or Holt-Winters) alone: ψ = 1, κ = 0. */
    public Smoothing(double alpha, double beta, double gamma, boolean log, double weight) {
        this(alpha, beta, gamma, log, weight, 1, 0, Map.of());
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

    /** The set of {@code key}: its own when the model was trained on it, else this (the global set). */
    public Smoothing forKey(String key) {
        if (keys.isEmpty() || key == null) {
            return this;
        }
        Smoothing k = keys.get(key);
        return k == null ? this : k;
    }

    /** Whether this needs the two-speed fields or per-key sets in the model file (format 5 or later). */
    public boolean extended() {
        return fast != 1 || slow != 0 || !keys.isEmpty();
    }

    /** Whether a per-key set has starting states (the model file then needs format 7). */
    public boolean started() {
        for (Smoothing k : keys.values()) {
            if (k.start != null) {
                return true;
            }
        }
        return false;
    }

    /** This set with network weight w (its per-key sets too). */
    public Smoothing withWeight(double w) {
        Map<String, Smoothing> k = new java.util.HashMap<>();
        keys.forEach((key, s) -> k.put(key, s.withWeight(w)));
        return new Smoothing(alpha, beta, gamma, log, w, fast, slow, k, start);
    }

    /** This set with per-key sets (each must have this set's w). */
    public Smoothing withKeys(Map<String, Smoothing> k) {
        return new Smoothing(alpha, beta, gamma, log, weight, fast, slow, k, start);
    }

    /** This set (without keys) with starting states {@code s}. */
    public Smoothing withStart(Start s) {
        return new Smoothing(alpha, beta, gamma, log, weight, fast, slow, keys, s);
    }
}

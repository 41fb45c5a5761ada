package dev.streamcast.model.interval;

import java.util.Arrays;

/**
 * A starting calibration: quantiles of scaled one-step residuals z = (actual - forecast) / scale at a fixed grid of
 * probabilities {@link #GRID}, where scale is the running mean absolute residual that {@link ConformalBands} keeps
 * per key. The trainer computes it from its validation residuals ({@link #fromScaledResiduals}) and stores it in the
 * model file, so that a new key starts with a band shaped like the model's errors (skew included) instead of a
 * symmetric guess; {@link #GAUSSIAN} is that guess, used for model files without one.
 *
 * <p>{@link #quantile(double)} interpolates linearly between grid points and holds the end values beyond them.
 * Immutable.
 */
public final class Calibration {

    /** Probabilities the quantiles are kept at: enough for levels 0.5 to 0.99 on both sides. */
    public static final double[] GRID = {
        0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995
    };

    /** Most grid points a file may declare (the decoder checks this before allocating). */
    public static final int MAX_POINTS = 64;

    /** Fewest scaled residuals {@link #fromScaledResiduals} makes a calibration from; fewer give {@link #GAUSSIAN}. */
    public static final int MIN_RESIDUALS = 50;

    /**
     * Residuals with a normal distribution: z = Φ⁻¹(p)·√(π/2), since the mean absolute value of N(0, σ²) is
     * σ·√(2/π). Φ⁻¹ of the grid to 5 digits.
     */
    public static final Calibration GAUSSIAN;

    static {
        double[] phiInv = {
            -2.57583, -2.32635, -1.95996, -1.64485, -1.28155, -0.84162, -0.67449, 0.0, 0.67449, 0.84162, 1.28155,
            1.64485, 1.95996, 2.32635, 2.57583
        };
        double[] q = new double[phiInv.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = phiInv[i] * Math.sqrt(Math.PI / 2);
        }
        GAUSSIAN = new Calibration(GRID.clone(), q);
    }

    private final double[] p;
    private final double[] q;

    /**
     * @param p probabilities, strictly increasing in (0, 1)
     * @param q quantiles at p, finite and non-decreasing
     * @throws IllegalArgumentException naming the first bad value
     */
    public Calibration(double[] p, double[] q) {
        if (p.length != q.length || p.length < 2 || p.length > MAX_POINTS) {
            throw new IllegalArgumentException("calibration needs 2 to " + MAX_POINTS
                    + " (probability, quantile) pairs, found " + p.length + " probabilities and " + q.length
                    + " quantiles");
        }
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] > 0 && p[i] < 1) || (i > 0 && !(p[i] > p[i - 1]))) {
                throw new IllegalArgumentException(
                        "calibration probabilities must be strictly increasing in (0, 1), found " + p[i] + " at " + i);
            }
            if (!Double.isFinite(q[i]) || (i > 0 && q[i] < q[i - 1])) {
                throw new IllegalArgumentException(
                        "calibration quantiles must be finite and non-decreasing, found " + q[i] + " at " + i);
            }
        }
        this.p = p.clone();
        this.q = q.clone();
    }

    /**
     * Empirical quantiles (type 7, linear between order statistics) at {@link #GRID} of the scaled residuals, or
     * {@link #GAUSSIAN} when there are fewer than {@link #MIN_RESIDUALS} finite ones.
     */
    public static Calibration fromScaledResiduals(double[] z) {
        double[] s = Arrays.stream(z).filter(Double::isFinite).sorted().toArray();
        if (s.length < MIN_RESIDUALS) {
            return GAUSSIAN;
        }
        double[] q = new double[GRID.length];
        for (int i = 0; i < GRID.length; i++) {
            double h = (s.length - 1) * GRID[i];
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, s.length - 1);
            q[i] = s[lo] + (h - lo) * (s[hi] - s[lo]);
        }
        return new Calibration(GRID.clone(), q);
    }

    /**
     * The calibration of residuals r (actual - forecast) of several series, each series in time order: every
     * residual is divided by its series' running scale as {@link ConformalBands} keeps it (the scale before that
     * residual; from the bands' warm-up on), and {@link #fromScaledResiduals} takes the quantiles of the pooled
     * results. Units cancel, so residuals in scaled (transformed) units, as the trainer has them, give the same z as
     * residuals in original units wherever the scaler's statistics are steady.
     */
    public static Calibration fromSeriesResiduals(double[][] residuals) {
        ConformalBands bands = new ConformalBands(0.5);
        int total = 0;
        for (double[] r : residuals) {
            total += r.length;
        }
        double[] z = new double[total];
        int n = 0;
        for (double[] r : residuals) {
            float[] s = bands.newState(GAUSSIAN);
            for (double v : r) {
                if (bands.ready(s) && bands.scale(s) > 0 && Double.isFinite(v)) {
                    z[n++] = v / bands.scale(s);
                }
                bands.observe(s, 0, v);
            }
        }
        return fromScaledResiduals(Arrays.copyOf(z, n));
    }

    /** The quantile at probability {@code prob}: linear between grid points, the end value beyond them. */
    public double quantile(double prob) {
        if (prob <= p[0]) {
            return q[0];
        }
        for (int i = 1; i < p.length; i++) {
            if (prob <= p[i]) {
                double w = (prob - p[i - 1]) / (p[i] - p[i - 1]);
                return q[i - 1] + w * (q[i] - q[i - 1]);
            }
        }
        return q[q.length - 1];
    }

    public double[] probabilities() {
        return p.clone();
    }

    public double[] quantiles() {
        return q.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Calibration c && Arrays.equals(p, c.p) && Arrays.equals(q, c.q);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(p) + Arrays.hashCode(q);
    }

    @Override
    public String toString() {
        return this == GAUSSIAN ? "Calibration[gaussian]" : "Calibration" + Arrays.toString(q);
    }
}

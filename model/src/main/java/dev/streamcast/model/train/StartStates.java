package dev.streamcast.model.train;

/**
 * The starting states of additive Holt-Winters (season m &ge; 2) that fit a key's training rows best for given
 * smoothing weights, as R's {@code ets()} treats them: free parameters of the likelihood (Hyndman et al. 2002, section
 * 3; Hyndman &amp; Athanasopoulos, FPP 3rd ed., ch. 8.6). With α, β, γ fixed, the recursion of {@code
 * step.HoltWinters} is linear in the starting state x₀ = [ℓ₀, b₀, s₀ .. s_{m-1}], so each one-step error is affine in
 * it, e_t = c_t - x_t·z, and the x₀ that minimises Σ e_t² is a linear least-squares solution; ets finds the same
 * optimum by Nelder-Mead over all of them at once, this solves for it exactly inside each evaluation of the weights.
 *
 * <pre>
 *   free parameters z = [ℓ₀, (b₀ with a trend), s₀ .. s_{m-2}],  s_{m-1} = -(s₀ + ... + s_{m-2})   (ets's normalisation)
 *   per row t, carried as affine functions of z:  ŷ_t = ℓ + b + s_{t mod m},  e_t = y_t - ŷ_t
 *     ℓ' = α (y_t - s_{t mod m}) + (1 - α)(ℓ + b),  b' = β (ℓ' - ℓ) + (1 - β) b,  s'_{t mod m} = γ (y_t - ℓ') + (1 - γ) s
 *   normal equations  (Σ x_t x_tᵀ) z = Σ c_t x_t
 * </pre>
 *
 * The solution is then run through the recursion once more for its exact sum of squares. Cost per evaluation: O(n p²),
 * p = m + 1 or m: ets fits starting states only for m &le; 24 ({@link #MAX_SEASON}), and so does this. Not thread-safe
 * (one instance holds the work arrays).
 */
final class StartStates {
    /** The longest season whose starting states are fitted (R's ets refuses seasonal models above 24). */
    static final int MAX_SEASON = 24;

    private final int m;
    private final boolean trend;
    private final int p; // free parameters
    private final double[] level; // [1 + p]: constant, then the coefficient of each free parameter
    private final double[] slope;
    private final double[][] season; // [m][1 + p]
    private final double[] next;
    private final double[][] normal; // [p][p + 1]: Σ x xᵀ | Σ c x
    private final double[] z;

    StartStates(int m, boolean trend) {
        this.m = m;
        this.trend = trend;
        this.p = 1 + (trend ? 1 : 0) + (m - 1);
        this.level = new double[1 + p];
        this.slope = new double[1 + p];
        this.season = new double[m][1 + p];
        this.next = new double[1 + p];
        this.normal = new double[p][p + 1];
        this.z = new double[p];
    }

    /**
     * The least-squares starting state of {@code y} (in the form's units: v or ln v) for α, β, γ, into {@code out}
     * [m + 2] = [ℓ₀, b₀, s₀ .. s_{m-1}] (b₀ = 0 without a trend); returns its sum of squared one-step errors, or +∞
     * when it is not finite.
     */
    double fit(double[] y, double alpha, double beta, double gamma, double[] out) {
        int q = 1 + p;
        int seasons = trend ? 3 : 2; // the column of s₀
        boolean trend = this.trend && beta != 0; // the step takes no trend at β = 0 (b₀'s column stays 0)
        java.util.Arrays.fill(level, 0);
        java.util.Arrays.fill(slope, 0);
        level[1] = 1; // ℓ = ℓ₀
        if (this.trend) {
            slope[2] = 1; // b = b₀
        }
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(season[i], 0);
            if (i < m - 1) {
                season[i][seasons + i] = 1; // s_i = s_i
            } else {
                for (int k = 0; k < m - 1; k++) {
                    season[i][seasons + k] = -1; // s_{m-1} = -Σ the others
                }
            }
        }
        for (double[] row : normal) {
            java.util.Arrays.fill(row, 0);
        }
        for (int t = 0; t < y.length; t++) {
            double[] st = season[t % m];
            // ŷ_t = ℓ + b + s: e_t = c - x·z with c = y - ŷ's constant, x = ŷ's coefficients
            double c = y[t] - (level[0] + (trend ? slope[0] : 0) + st[0]);
            for (int i = 0; i < p; i++) {
                double xi = level[1 + i] + (trend ? slope[1 + i] : 0) + st[1 + i];
                if (xi != 0) {
                    for (int j = 0; j <= i; j++) {
                        normal[i][j] += xi * (level[1 + j] + (trend ? slope[1 + j] : 0) + st[1 + j]);
                    }
                    normal[i][p] += xi * c;
                }
            }
            for (int i = 0; i < q; i++) { // ℓ' = α (y - s) + (1 - α)(ℓ + b)
                next[i] = -alpha * st[i] + (1 - alpha) * (level[i] + (trend ? slope[i] : 0));
            }
            next[0] += alpha * y[t];
            for (int i = 0; i < q; i++) {
                if (trend) { // b' = β (ℓ' - ℓ) + (1 - β) b
                    slope[i] = beta * (next[i] - level[i]) + (1 - beta) * slope[i];
                }
                st[i] = -gamma * next[i] + (1 - gamma) * st[i]; // s' = γ (y - ℓ') + (1 - γ) s
                level[i] = next[i];
            }
            st[0] += gamma * y[t];
        }
        if (!solve()) {
            return Double.POSITIVE_INFINITY;
        }
        out[0] = z[0];
        out[1] = trend ? z[1] : 0; // the step ignores b₀ without a trend or at β = 0
        double sum = 0;
        for (int i = 0; i < m - 1; i++) {
            out[2 + i] = z[seasons - 1 + i];
            sum += z[seasons - 1 + i];
        }
        out[m + 1] = -sum;
        double sse = sse(y, alpha, beta, gamma, out);
        return Double.isFinite(sse) ? sse : Double.POSITIVE_INFINITY;
    }

    /** Σ e_t² of the recursion started from x₀ = {@code start} (the step's equations, {@code step.HoltWinters}). */
    double sse(double[] y, double alpha, double beta, double gamma, double[] start) {
        boolean trend = this.trend && beta != 0;
        double l = start[0];
        double b = trend ? start[1] : 0;
        double[] s = next; // reused: only the m seasonal terms (m ≤ 1 + p)
        System.arraycopy(start, 2, s, 0, m);
        double sse = 0;
        for (int t = 0; t < y.length; t++) {
            int j = t % m;
            double e = y[t] - (l + b + s[j]);
            sse += e * e;
            double l1 = alpha * (y[t] - s[j]) + (1 - alpha) * (l + b);
            b = trend ? beta * (l1 - l) + (1 - beta) * b : 0;
            s[j] = gamma * (y[t] - l1) + (1 - gamma) * s[j];
            l = l1;
        }
        return sse;
    }

    /**
     * Solves the normal equations (lower triangle filled) by Cholesky, with a ridge of 1e-10 of the mean diagonal
     * against a singular system (a starting state no error depends on); false when not positive definite even then.
     */
    private boolean solve() {
        double trace = 0;
        for (int i = 0; i < p; i++) {
            trace += normal[i][i];
        }
        double ridge = 1e-10 * trace / p;
        double[][] a = normal;
        for (int i = 0; i < p; i++) {
            a[i][i] += ridge;
        }
        for (int j = 0; j < p; j++) { // a = L Lᵀ, L into the lower triangle
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= a[j][k] * a[j][k];
            }
            if (!(d > 0)) {
                return false;
            }
            d = Math.sqrt(d);
            a[j][j] = d;
            for (int i = j + 1; i < p; i++) {
                double v = a[i][j];
                for (int k = 0; k < j; k++) {
                    v -= a[i][k] * a[j][k];
                }
                a[i][j] = v / d;
            }
        }
        for (int i = 0; i < p; i++) { // L w = r
            double v = a[i][p];
            for (int k = 0; k < i; k++) {
                v -= a[i][k] * z[k];
            }
            z[i] = v / a[i][i];
        }
        for (int i = p - 1; i >= 0; i--) { // Lᵀ z = w
            double v = z[i];
            for (int k = i + 1; k < p; k++) {
                v -= a[k][i] * z[k];
            }
            z[i] = v / a[i][i];
        }
        for (double v : z) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}

package dev.streamcast.model.train;

import java.util.function.ToDoubleFunction;

/**
 * The Nelder-Mead simplex method: minimises a function of a few variables without derivatives (Nelder &amp; Mead,
 * "A simplex method for function minimization", The Computer Journal 7, 1965), with the coefficients and the starting
 * simplex of SciPy's {@code minimize(method='Nelder-Mead')}: reflection 1, expansion 2, contraction 1/2, shrink 1/2,
 * and the start x₀ plus, per coordinate, a vertex 5% further along it (0.00025 when it is 0). Deterministic. A point
 * outside the caller's feasible region should score +∞; the simplex then moves away from it.
 */
final class NelderMead {
    private NelderMead() {}

    /** The minimum found: its point and value, and the function evaluations taken. */
    record Result(double[] x, double value, int evaluations) {}

    /**
     * @param f the function to minimise
     * @param x0 the starting point [d]
     * @param xTol stop when every vertex is within this of the best in every coordinate...
     * @param fTol ...and every vertex's value within this of the best's
     * @param maxEvaluations stop after this many evaluations in any case
     */
    static Result minimise(ToDoubleFunction<double[]> f, double[] x0, double xTol, double fTol, int maxEvaluations) {
        int d = x0.length;
        double[][] x = new double[d + 1][]; // the simplex, d + 1 vertices, kept sorted by value
        double[] fx = new double[d + 1];
        x[0] = x0.clone();
        for (int i = 0; i < d; i++) {
            x[i + 1] = x0.clone();
            x[i + 1][i] = x0[i] != 0 ? 1.05 * x0[i] : 0.00025;
        }
        int evaluations = 0;
        for (int i = 0; i <= d; i++) {
            fx[i] = f.applyAsDouble(x[i]);
            evaluations++;
        }
        sort(x, fx);
        double[] centroid = new double[d];
        while (evaluations < maxEvaluations && !converged(x, fx, xTol, fTol)) {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int i = 0; i < d; i++) {
                    sum += x[i][j];
                }
                centroid[j] = sum / d; // of all but the worst
            }
            double[] reflected = along(centroid, x[d], -1); // x_r = c + (c - x_worst)
            double fr = f.applyAsDouble(reflected);
            evaluations++;
            if (fr < fx[0]) {
                double[] expanded = along(centroid, x[d], -2); // x_e = c + 2 (c - x_worst)
                double fe = f.applyAsDouble(expanded);
                evaluations++;
                replaceWorst(x, fx, fe < fr ? expanded : reflected, Math.min(fe, fr));
            } else if (fr < fx[d - 1]) {
                replaceWorst(x, fx, reflected, fr);
            } else {
                boolean outside = fr < fx[d];
                double[] contracted = outside
                        ? along(centroid, x[d], -0.5) // x_oc = c + (c - x_worst) / 2
                        : along(centroid, x[d], 0.5); // x_ic = c - (c - x_worst) / 2
                double fc = f.applyAsDouble(contracted);
                evaluations++;
                if (outside ? fc <= fr : fc < fx[d]) {
                    replaceWorst(x, fx, contracted, fc);
                } else { // shrink every vertex halfway toward the best
                    for (int i = 1; i <= d; i++) {
                        for (int j = 0; j < d; j++) {
                            x[i][j] = x[0][j] + 0.5 * (x[i][j] - x[0][j]);
                        }
                        fx[i] = f.applyAsDouble(x[i]);
                        evaluations++;
                    }
                }
            }
            sort(x, fx);
        }
        return new Result(x[0].clone(), fx[0], evaluations);
    }

    /** c + t (p - c). */
    private static double[] along(double[] c, double[] p, double t) {
        double[] out = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            out[j] = c[j] + t * (p[j] - c[j]);
        }
        return out;
    }

    private static void replaceWorst(double[][] x, double[] fx, double[] p, double fp) {
        x[x.length - 1] = p;
        fx[fx.length - 1] = fp;
    }

    private static boolean converged(double[][] x, double[] fx, double xTol, double fTol) {
        for (int i = 1; i < x.length; i++) {
            if (!(Math.abs(fx[i] - fx[0]) <= fTol)) {
                return false;
            }
            for (int j = 0; j < x[0].length; j++) {
                if (Math.abs(x[i][j] - x[0][j]) > xTol) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Insertion sort by value, stable (d + 1 is small). */
    private static void sort(double[][] x, double[] fx) {
        for (int i = 1; i < fx.length; i++) {
            double[] xi = x[i];
            double fi = fx[i];
            int j = i - 1;
            while (j >= 0 && fx[j] > fi) {
                x[j + 1] = x[j];
                fx[j + 1] = fx[j];
                j--;
            }
            x[j + 1] = xi;
            fx[j + 1] = fi;
        }
    }
}

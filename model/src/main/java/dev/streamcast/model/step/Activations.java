package dev.streamcast.model.step;

/**
 * The cells' nonlinearities, in a fast form for the streaming step and an exact form for reference.
 *
 * <p>{@link #tanh(float)} is a rational approximation p(x)/q(x²) with an odd polynomial p of degree 13 and q of
 * degree 6 (the coefficients of Eigen's float tanh), evaluated on x clamped to [-7.9053, 7.9053], beyond which tanh is
 * within 3e-7 of ±1. Its maximum absolute error against {@link Math#tanh} is below 1e-6 (ActivationsTest:
 * 3.95e-7 on a grid of step 1e-5 over [-20, 20]; beyond ±20 both are ±1 in float). It uses only multiply,
 * add, min, max and one divide, so loops over arrays of it vectorise; {@code Math.tanh} is a call that does not, and
 * makes the whole step 8-10× slower (docs/benchmarks.md).
 *
 * <p>{@link #sigmoid(float)} uses σ(x) = ½ + ½·tanh(x/2), so its error is half that of tanh.
 */
public final class Activations {
    private Activations() {}

    /** Beyond this |x|, tanh(x) is within 3e-7 of ±1, inside the approximation's error bound. */
    private static final float CLAMP = 7.90531110763549805f;

    // numerator p(x) = x·(A1 + A3·x² + ... + A13·x¹²), denominator q(x²) = B0 + B2·x² + B4·x⁴ + B6·x⁶
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    /** Fast tanh, absolute error below 1e-6 (see class doc). NaN stays NaN. */
    public static float tanh(float x) {
        float c = Math.max(-CLAMP, Math.min(CLAMP, x));
        float x2 = c * c;
        float p = A13;
        p = p * x2 + A11;
        p = p * x2 + A9;
        p = p * x2 + A7;
        p = p * x2 + A5;
        p = p * x2 + A3;
        p = p * x2 + A1;
        p = p * c;
        float q = B6;
        q = q * x2 + B4;
        q = q * x2 + B2;
        q = q * x2 + B0;
        return p / q;
    }

    /** Fast logistic sigmoid σ(x) = 1 / (1 + e^-x), computed as ½ + ½·tanh(x/2). */
    public static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** tanh through {@link Math#tanh}, rounded to float. */
    public static float exactTanh(float x) {
        return (float) Math.tanh(x);
    }

    /** σ(x) through {@link Math#exp}, rounded to float. */
    public static float exactSigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** a[j] = tanh(a[j]) for j in [from, to). */
    static void tanh(float[] a, int from, int to, boolean exact) {
        if (exact) {
            for (int j = from; j < to; j++) {
                a[j] = exactTanh(a[j]);
            }
        } else {
            for (int j = from; j < to; j++) {
                a[j] = tanh(a[j]);
            }
        }
    }
}

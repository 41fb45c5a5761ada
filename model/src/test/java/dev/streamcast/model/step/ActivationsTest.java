package dev.streamcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ActivationsTest {

    /** Grid step over [-20, 20]: 4,000,001 points, finer than the approximation's features. */
    private static final double STEP = 1e-5;

    /** The stated bound for the fast tanh; sigmoid's is half of it. */
    static final double TANH_MAX_ABS_ERROR = 1e-6;

    @Test
    void fastTanhIsWithinOneMillionthOfMathTanhOnADenseGrid() {
        double worst = 0;
        double worstAt = 0;
        for (double v = -20; v <= 20; v += STEP) {
            float x = (float) v;
            double err = Math.abs(Activations.tanh(x) - Math.tanh(x));
            if (err > worst) {
                worst = err;
                worstAt = x;
            }
        }
        System.out.printf("fast tanh: max abs error %.3g at x = %.6f%n", worst, worstAt);
        assertThat(worst).isLessThan(TANH_MAX_ABS_ERROR);
    }

    @Test
    void fastSigmoidIsWithinHalfAMillionthOfTheLogisticOnADenseGrid() {
        double worst = 0;
        for (double v = -20; v <= 20; v += STEP) {
            float x = (float) v;
            worst = Math.max(worst, Math.abs(Activations.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        System.out.printf("fast sigmoid: max abs error %.3g%n", worst);
        assertThat(worst).isLessThan(TANH_MAX_ABS_ERROR / 2);
    }

    @Test
    void fastActivationsStayInTheirRangeAndKeepTanhOdd() {
        for (double v = -50; v <= 50; v += 1e-3) {
            float x = (float) v;
            assertThat(Math.abs(Activations.tanh(x))).isLessThanOrEqualTo(1f);
            assertThat(Activations.tanh(-x)).isEqualTo(-Activations.tanh(x));
            assertThat(Activations.sigmoid(x)).isBetween(0f, 1f);
        }
    }

    @Test
    void fastActivationsSaturateAtInfinityAndPropagateNaN() {
        assertThat(Activations.tanh(Float.POSITIVE_INFINITY)).isCloseTo(1f, Offset.offset(1e-6f));
        assertThat(Activations.tanh(Float.NEGATIVE_INFINITY)).isCloseTo(-1f, Offset.offset(1e-6f));
        assertThat(Activations.sigmoid(Float.NEGATIVE_INFINITY)).isCloseTo(0f, Offset.offset(1e-6f));
        assertThat(Activations.tanh(Float.NaN)).isNaN();
    }

    @Test
    void arrayFormAppliesTheScalarFormToTheGivenRangeOnly() {
        float[] a = {-3f, -0.5f, 0f, 0.5f, 3f};
        float[] b = a.clone();
        Activations.tanh(a, 1, 4, false);
        Activations.tanh(b, 4, 5, true);
        assertThat(a).containsExactly(-3f, Activations.tanh(-0.5f), Activations.tanh(0f), Activations.tanh(0.5f), 3f);
        assertThat(b).containsExactly(-3f, -0.5f, 0f, 0.5f, Activations.exactTanh(3f));
    }
}

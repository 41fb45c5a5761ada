package dev.streamcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Fixtures;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Weights;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StreamingModelTest {

    private static final int STEPS = 200;

    @ParameterizedTest(name = "{0}, exact activations: {1}")
    @CsvSource({"LSTM,false", "LSTM,true", "GRU,false", "GRU,true", "RNN,false", "RNN,true"})
    void floatStepMatchesTheDoubleReferenceWithin1eMinus4Over200StepsStackedAndMultivariate(
            CellType cell, boolean exact) {
        ModelConfig cfg = Fixtures.config(cell, 3, 16, 2);
        Weights w = Fixtures.randomWeights(cfg, 42, 0.4f);
        StreamingModel model = new StreamingModel(w, exact);
        ReferenceForward ref = new ReferenceForward(w);
        float[] state = new float[cfg.stateSize()];
        double[] refState = new double[cfg.stateSize()];
        StreamingModel.Scratch s = model.newScratch();
        double worstY = 0;
        double worstState = 0;
        double maxAbsState = 0;
        for (float[] x : Fixtures.randomInputs(7, STEPS, 3)) {
            float y = model.step(x, state, s);
            double yRef = ref.step(x, refState);
            worstY = Math.max(worstY, Math.abs(y - yRef));
            for (int k = 0; k < state.length; k++) {
                worstState = Math.max(worstState, Math.abs(state[k] - refState[k]));
                maxAbsState = Math.max(maxAbsState, Math.abs(refState[k]));
            }
        }
        System.out.printf(
                "%s exact=%s: max |ŷ - ref| %.3g, max |state - ref| %.3g (max |state| %.2f)%n",
                cell, exact, worstY, worstState, maxAbsState);
        assertThat(maxAbsState).as("the test drives the state away from 0").isGreaterThan(0.3);
        assertThat(worstY).isLessThanOrEqualTo(1e-4);
        assertThat(worstState).isLessThanOrEqualTo(1e-4);
    }

    /**
     * Large weights drive the gates into saturation. Over many steps such a network can be chaotic (the RNN here is:
     * float and double runs drift apart whatever the activations), so each step starts from the reference's state
     * and the test bounds the error one step adds.
     */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void fromTheReferenceStateEachFastStepIsWithin1eMinus4WhenGatesSaturate(CellType cell) {
        ModelConfig cfg = Fixtures.config(cell, 3, 16, 2);
        Weights w = Fixtures.randomWeights(cfg, 99, 2.0f); // pre-activations of ±10 and more
        StreamingModel model = new StreamingModel(w);
        ReferenceForward ref = new ReferenceForward(w);
        float[] state = new float[cfg.stateSize()];
        double[] refState = new double[cfg.stateSize()];
        StreamingModel.Scratch s = model.newScratch();
        double worstY = 0;
        double worstState = 0;
        for (float[] x : Fixtures.randomInputs(8, STEPS, 3)) {
            for (int k = 0; k < state.length; k++) {
                refState[k] = state[k]; // both start from the same (float) state
            }
            worstY = Math.max(worstY, Math.abs(model.step(x, state, s) - ref.step(x, refState)));
            for (int k = 0; k < state.length; k++) {
                worstState = Math.max(worstState, Math.abs(state[k] - refState[k]));
            }
        }
        System.out.printf(
                "%s saturated, one step: max |ŷ - ref| %.3g, max |state - ref| %.3g%n", cell, worstY, worstState);
        assertThat(worstY).isLessThanOrEqualTo(1e-4);
        assertThat(worstState).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void buildingAModelLeavesTheGivenWeightsUntouched() {
        ModelConfig cfg = Fixtures.config(CellType.LSTM, 2, 8, 2);
        Weights w = Fixtures.randomWeights(cfg, 5, 0.5f);
        float[] before = w.toFlat();
        StreamingModel model = new StreamingModel(w);
        model.step(new float[] {1f, -1f}, new float[cfg.stateSize()], model.newScratch());
        assertThat(model.weights()).isSameAs(w);
        assertThat(w.toFlat()).containsExactly(before);
    }

    @Test
    void oneUnitLstmFollowsTheEquationsByHand() {
        ModelConfig cfg = Fixtures.config(CellType.LSTM, 1, 1, 1);
        // wx = [i f g o] weights of x; wh = those of h; b; head wy = 2, by = 0.5
        float[] flat = {0.5f, -0.25f, 1f, 0.75f, 0.1f, 0.2f, 0.3f, 0.4f, 0f, 1f, 0f, 0f, 2f, 0.5f};
        StreamingModel model = new StreamingModel(Weights.fromFlat(cfg, flat), true);
        float[] state = {0.2f, -0.3f}; // h, c
        float y = model.step(new float[] {1f}, state, model.newScratch());
        double i = sig(0.5 + 0.1 * 0.2);
        double f = sig(-0.25 + 0.2 * 0.2 + 1);
        double g = Math.tanh(1 + 0.3 * 0.2);
        double o = sig(0.75 + 0.4 * 0.2);
        double c = f * -0.3 + i * g;
        double h = o * Math.tanh(c);
        assertThat((double) state[1]).isCloseTo(c, Offset.offset(1e-6));
        assertThat((double) state[0]).isCloseTo(h, Offset.offset(1e-6));
        assertThat((double) y).isCloseTo(2 * h + 0.5, Offset.offset(1e-6));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void sameInputsFromTheSameStateGiveTheSameForecast(CellType cell) {
        ModelConfig cfg = Fixtures.config(cell, 2, 8, 3);
        StreamingModel model = new StreamingModel(Fixtures.randomWeights(cfg, 3, 0.5f));
        float[] a = new float[cfg.stateSize()];
        float[] b = new float[cfg.stateSize()];
        StreamingModel.Scratch s = model.newScratch();
        for (float[] x : Fixtures.randomInputs(1, 50, 2)) {
            model.step(x, a, s);
            model.step(x, b, s); // interleaved keys share one scratch
        }
        assertThat(a).containsExactly(b);
    }

    @Test
    void wrongInputLengthIsRefusedNamingF() {
        ModelConfig cfg = Fixtures.config(CellType.GRU, 3, 4, 1);
        StreamingModel model = new StreamingModel(Weights.zeros(cfg));
        assertThatThrownBy(() -> model.step(new float[2], new float[cfg.stateSize()], model.newScratch()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x: expected 3 inputs (F = 3 features), found 2");
    }

    @Test
    void wrongStateLengthIsRefusedNamingTheExpectedSize() {
        ModelConfig cfg = Fixtures.config(CellType.LSTM, 1, 4, 2);
        StreamingModel model = new StreamingModel(Weights.zeros(cfg));
        assertThatThrownBy(() -> model.step(new float[1], new float[8], model.newScratch()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state: expected stateSize = 16 floats for LSTM L=2 H=4, found 8");
    }

    @Test
    void scratchOfAnotherHiddenSizeIsRefused() {
        ModelConfig cfg = Fixtures.config(CellType.RNN, 1, 4, 1);
        StreamingModel model = new StreamingModel(Weights.zeros(cfg));
        StreamingModel other = new StreamingModel(Weights.zeros(cfg.withHiddenSize(8)));
        assertThatThrownBy(() -> model.step(new float[1], new float[4], other.newScratch()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scratch: made for H = 8, this model has H = 4");
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}

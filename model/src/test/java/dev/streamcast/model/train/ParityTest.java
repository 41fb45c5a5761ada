package dev.streamcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Weights;
import dev.streamcast.model.step.StreamingModel;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The float streaming step used for serving equals the trainer's ND4J forward pass (FLOAT) on the same weights over
 * 200 steps, for each cell type (L = 2, F = 3, H = 16), within 1e-5 both with the streaming step's exact
 * activations and with its fast approximate ones (the default; measured max differences 2e-7 to 1e-6).
 */
class ParityTest {
    static final int STEPS = 200;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void streamingStepMatchesTheNd4jForwardPass(CellType cell) {
        ModelConfig cfg = GradientCheckTest.config(cell, 3, 16, 2);
        Random rnd = new Random(5);
        double[] theta = Init.initial(cfg, 9);
        float[] flat = new float[theta.length];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) (theta[i] + 0.2 * rnd.nextGaussian());
        }
        Weights w = Weights.fromFlat(cfg, flat);
        float[][] x = new float[STEPS][3];
        for (float[] row : x) {
            for (int k = 0; k < 3; k++) {
                row[k] = (float) rnd.nextGaussian();
            }
        }
        double[] nd4j = Trainer.predict(w, x, DataType.FLOAT);
        double exact = maxDiff(new StreamingModel(w, true), x, nd4j);
        double fast = maxDiff(new StreamingModel(w, false), x, nd4j);
        System.out.printf("%s parity over %d steps: max |Δŷ| exact %.2e, fast %.2e%n", cell, STEPS, exact, fast);
        assertThat(exact).isLessThanOrEqualTo(1e-5);
        assertThat(fast).isLessThanOrEqualTo(1e-5);
    }

    private static double maxDiff(StreamingModel m, float[][] x, double[] nd4j) {
        float[] state = new float[m.config().stateSize()];
        StreamingModel.Scratch scratch = m.newScratch();
        double max = 0;
        for (int t = 0; t < x.length; t++) {
            float y = m.step(x[t], state, scratch);
            max = Math.max(max, Math.abs(y - nd4j[t]));
        }
        return max;
    }
}

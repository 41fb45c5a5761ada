package dev.streamcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** ND4J's fused lstmLayer path and the generic path compute the same predictions and carried states. */
class FusedLstmTest {
    @Test
    void fusedAndGenericLstmPathsAgreeOnPredictionsAndStates() {
        ModelConfig cfg = GradientCheckTest.config(CellType.LSTM, 3, 5, 2);
        Random rnd = new Random(3);
        Params params = new Params(cfg, DataType.DOUBLE);
        params.set(Init.initial(cfg, 4));
        int steps = 7;
        int batch = 3;
        double[] x = GradientCheckTest.gaussian(rnd, steps * batch * 3);
        Network.State s0 = Network.State.zeros(cfg, batch);
        for (int l = 0; l < 2; l++) {
            s0.h()[l] = GradientCheckTest.gaussian(rnd, batch * 5);
            s0.c()[l] = GradientCheckTest.gaussian(rnd, batch * 5);
        }
        Network generic = new Network(params, false);
        Network fused = new Network(params, true);
        Network.Tape a = generic.forward(x, steps, batch, s0);
        Network.Tape b = fused.forward(x, steps, batch, s0);
        assertThat(b.yhat()).containsExactly(a.yhat(), org.assertj.core.data.Offset.offset(1e-12));
        for (int k : new int[] {0, 4, steps}) {
            Network.State sa = generic.stateAt(a, k);
            Network.State sb = fused.stateAt(b, k);
            for (int l = 0; l < 2; l++) {
                assertThat(sb.h()[l])
                        .as("h layer %d after %d steps", l, k)
                        .containsExactly(sa.h()[l], org.assertj.core.data.Offset.offset(1e-12));
                assertThat(sb.c()[l])
                        .as("c layer %d after %d steps", l, k)
                        .containsExactly(sa.c()[l], org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }
}

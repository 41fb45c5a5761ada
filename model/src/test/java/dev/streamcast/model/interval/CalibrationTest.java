package dev.streamcast.model.interval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void quantilesOfScaledResidualsAreTheEmpiricalOnesAtTheGrid() {
        double[] z = new double[101];
        for (int i = 0; i < z.length; i++) {
            z[i] = (100 - i) / 10.0; // 10.0 down to 0.0, unsorted on purpose
        }
        Calibration c = Calibration.fromScaledResiduals(z);
        assertThat(c.quantile(0.5)).isCloseTo(5.0, within(1e-12));
        assertThat(c.quantile(0.1)).isCloseTo(1.0, within(1e-12));
        assertThat(c.quantile(0.975)).isCloseTo(9.75, within(1e-12));
        assertThat(c.quantile(0.9)).isCloseTo(9.0, within(1e-12));
        assertThat(c.quantile(0.95)).isCloseTo(9.5, within(1e-12));
        assertThat(c.quantile(0.925)).as("between grid points").isCloseTo(9.25, within(1e-12));
        assertThat(c.quantile(0.001)).as("held below the grid").isCloseTo(0.05, within(1e-12));
    }

    @Test
    void residualsOfSeriesOfDifferentSizesAreScaledEachByItsOwnRunningScale() {
        Random rnd = new Random(1);
        double[][] r = new double[3][20_000];
        for (int i = 0; i < r.length; i++) {
            for (int t = 0; t < r[i].length; t++) {
                r[i][t] = rnd.nextGaussian() * Math.pow(100, i); // sizes 1, 100, 10,000
            }
        }
        Calibration c = Calibration.fromSeriesResiduals(r);
        for (double p : new double[] {0.025, 0.1, 0.5, 0.9, 0.975}) {
            assertThat(c.quantile(p)).as("p = %s", p).isCloseTo(Calibration.GAUSSIAN.quantile(p), within(0.05));
        }
    }

    @Test
    void tooFewResidualsGiveTheGaussianCalibration() {
        assertThat(Calibration.fromScaledResiduals(new double[] {1, 2, Double.NaN}))
                .isSameAs(Calibration.GAUSSIAN);
        assertThat(Calibration.GAUSSIAN.quantile(0.975)).isCloseTo(1.95996 * 1.2533141, within(1e-5));
        assertThat(Calibration.GAUSSIAN.quantile(0.1)).isCloseTo(-1.28155 * 1.2533141, within(1e-5));
    }

    @Test
    void badPointsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new Calibration(new double[] {0.1, 0.1}, new double[] {0, 1}))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new Calibration(new double[] {0.1, 0.9}, new double[] {1, 0}))
                .hasMessageContaining("non-decreasing, found 0.0 at 1");
        assertThatThrownBy(() -> new Calibration(new double[] {0.1, 0.9}, new double[] {0, Double.NaN}))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new Calibration(new double[] {0.1}, new double[] {0}))
                .hasMessageContaining("2 to 64");
    }
}

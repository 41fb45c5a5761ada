package dev.streamcast.jobs.forecast;

import static dev.streamcast.jobs.forecast.TestSupport.bytes;
import static dev.streamcast.jobs.forecast.TestSupport.diffModel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.model.Model;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The forecast operator's per-key update on counts with constant stretches (issue 11.4): at the start, in the middle
 * (20,000 steps, twenty times the scaler window, so the running spread decays by e^-10), at the end, and a key that
 * never changes. Every observation is applied and every forecast stays within the data's range widened by the range
 * itself.
 */
class FlatStretchesStreamingTest {

    @ParameterizedTest
    @ValueSource(strings = {"start", "middle", "end", "constant"})
    void forecastsStayBoundedThroughConstantStretches(String where) {
        int n = 24_000;
        double[] v = new double[n];
        Random r = new Random(7);
        for (int t = 0; t < n; t++) {
            boolean flat = switch (where) {
                case "start" -> t < 100;
                case "middle" -> t >= 2_000 && t < 22_000;
                case "end" -> t >= 4_000;
                default -> true;
            };
            v[t] = flat ? 0 : Math.max(0, Math.round(5 + 3 * Math.sin(t * 0.9) + r.nextGaussian()));
        }
        Model m = diffModel(1);
        SeriesUpdater u = new SeriesUpdater(16, 1, 0);
        SeriesState s = SeriesState.create(16, 1);
        LoadedModel lm = new LoadedModel(bytes(m), m);
        int forecasts = 0;
        double worst = 0;
        for (int t = 0; t < n; t++) {
            int result = u.apply(s, new double[] {v[t]}, t, lm);
            assertThat(result).as(where + " t=" + t).isNotEqualTo(SeriesUpdater.INVALID);
            if (result == SeriesUpdater.FORECAST) {
                forecasts++;
                assertThat(u.forecast).as(where + " forecast at t=" + t).isFinite();
                worst = Math.max(worst, Math.abs(u.forecast - v[t]));
            }
        }
        assertThat(forecasts).isEqualTo(n);
        assertThat(worst).as(where + ": largest |forecast - last value|").isLessThan(20);
    }
}

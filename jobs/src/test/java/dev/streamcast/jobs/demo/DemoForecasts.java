package dev.streamcast.jobs.demo;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.jobs.forecast.ForecastFunction;
import dev.streamcast.model.Model;
import dev.streamcast.model.io.ModelCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * The demo's forecasts without the demo's cluster: its dataset ({@code data/surveillance_momo.csv}), its first model
 * (trained by {@link DemoTrainer} on the first 40% of each series, as {@code ./streamcast demo} does) and its forecast
 * settings (bands at 0.8 and 0.95, here with {@code --horizon 12}), run through the real forecast operator
 * ({@link ForecastFunction} in Flink's operator test harness). At {@code swapAt} the trainer's retrained model, v2,
 * is hot-swapped in through the broadcast side, as the demo's retraining does. Used by the dashboard's browser test,
 * whose screenshot is the README's.
 */
public final class DemoForecasts {
    /** Each key's forecasts, in time order. */
    public final Map<String, List<Forecast>> byKey = new LinkedHashMap<>();
    /** Seconds spent training the two models. */
    public final double trainSeconds;

    private DemoForecasts(double trainSeconds) {
        this.trainSeconds = trainSeconds;
    }

    /**
     * @param csv the demo's data file
     * @param extraKey a key of its own that gets {@code extraFrom}'s first {@code extraRows} observations (e.g. a
     *     hostile key name), or null
     * @param swapAt the timestamp from which model v2 forecasts
     * @param epochs epochs of the first model (the demo's default is 8)
     */
    public static DemoForecasts run(
            Path csv, String extraKey, String extraFrom, int extraRows, long swapAt, int horizon, int epochs)
            throws Exception {
        DemoData data = DemoData.load(csv, 0.4);
        DemoTrainer trainer = new DemoTrainer(data.columns(), m -> {});
        long t0 = System.nanoTime();
        Model v1 = trainer.trainFirst(data.rows().subList(0, data.historyRows()), epochs);
        List<LongCsv.Row> beforeSwap = new ArrayList<>();
        for (LongCsv.Row r : data.rows()) {
            if (r.ts() < swapAt) {
                beforeSwap.add(r);
            }
        }
        trainer.retrain(beforeSwap, true);
        Model v2 = trainer.champion();
        DemoForecasts out = new DemoForecasts((System.nanoTime() - t0) / 1e9);

        List<String> features = DemoTrainer.features(data.columns());
        ForecastConfig config = ForecastConfig.builder()
                .features(features)
                .target(features.get(0))
                .horizon(horizon)
                .allowUnsignedModels(true) // the harness gets the model files directly, not from the topic
                .build();
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new ForecastFunction(config), List.of(ForecastFunction.MODELS)),
                Observation::getKey,
                Types.STRING,
                1,
                1,
                0);
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        h.getExecutionConfig().configure(conf, DemoForecasts.class.getClassLoader());
        h.setup();
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        h.processBroadcastElement(ModelCodec.encode(v1), 0L);
        boolean swapped = false;
        int extra = 0;
        for (LongCsv.Row r : data.rows()) {
            if (!swapped && r.ts() >= swapAt) {
                h.processBroadcastElement(ModelCodec.encode(v2), r.ts());
                swapped = true;
            }
            feed(h, r.key(), r);
            if (extraKey != null && r.key().equals(extraFrom) && extra < extraRows) {
                feed(h, extraKey, r);
                extra++;
            }
        }
        for (Forecast f : h.extractOutputValues()) {
            out.byKey.computeIfAbsent(f.key, k -> new ArrayList<>()).add(f);
        }
        h.close();
        return out;
    }

    private static void feed(
            KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h, String key, LongCsv.Row r)
            throws Exception {
        byte[] raw = ("{\"key\":\"" + key + "\",\"ts\":" + r.ts() + ",\"value\":" + r.values()[0] + "}")
                .getBytes(StandardCharsets.UTF_8);
        h.processElement(new Observation(key, r.ts(), r.values().clone(), raw, "observations", 0, 0), r.ts());
    }
}

package dev.streamcast.jobs.forecast.compat;

import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the state-compatibility fixtures of one release: the three signed model payloads of {@link CompatScenario}
 * and a canonical savepoint of the forecast operator after {@link CompatScenario#before}, once per state backend.
 * Run it from the repository root on the release's commit (it runs only when the property is given, so the suite
 * never runs it), then commit the directory and add its name to {@link StateCompatibilityTest#RELEASES}:
 *
 * <pre>
 * mvn -B -q -o -pl jobs -am test -Dtest=StateSnapshotGenerator -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dstate-compat.generate=src/test/resources/state-compat/NAME
 * </pre>
 *
 * (the path is relative to {@code jobs/}). See {@code src/test/resources/state-compat/README.md}.
 */
class StateSnapshotGenerator {
    @Test
    @EnabledIfSystemProperty(named = "state-compat.generate", matches = ".+")
    void generate() throws Exception {
        write(Path.of(System.getProperty("state-compat.generate")));
    }

    static void write(Path dir) throws Exception {
        Files.createDirectories(dir);
        CompatScenario.Models m = models();
        Files.write(dir.resolve("model-v1.bin"), m.v1());
        Files.write(dir.resolve("model-v2.bin"), m.v2());
        Files.write(dir.resolve("model-v3.bin"), m.v3());
        for (String backend : List.of("hashmap", "rocksdb")) {
            var h = CompatScenario.harness(backend, null);
            CompatScenario.before(h, m);
            OperatorSubtaskState savepoint = h.snapshotWithLocalState(
                            1L, 1L, SavepointType.savepoint(SavepointFormatType.CANONICAL))
                    .getJobManagerOwnedState();
            Path out = dir.resolve(backend + ".savepoint");
            OperatorSnapshotUtil.writeStateHandle(savepoint, out.toString());
            System.out.println("wrote " + out + " (" + Files.size(out) + " bytes, "
                    + h.extractOutputValues().size() + " forecasts before it)");
            h.close();
        }
    }

    /** Seeded models: LSTM H = 8, DIFF (versions 1 and 3) and SEASONAL_DIFF with m = 4 (version 2). */
    static CompatScenario.Models models() {
        ModelConfig diff = ModelConfig.univariate(CellType.LSTM, 8, 1, Transform.DIFF);
        ModelConfig seasonal = new ModelConfig(
                CellType.LSTM,
                1,
                8,
                1,
                List.of("value"),
                0,
                List.of(Transform.SEASONAL_DIFF),
                ModelConfig.DEFAULT_SCALER_WINDOW,
                4);
        byte[] key = CompatScenario.MODEL_KEY.getBytes(StandardCharsets.UTF_8);
        return new CompatScenario.Models(
                ModelPayloads.seal(model(diff, 1), key),
                ModelPayloads.seal(model(seasonal, 2), key),
                ModelPayloads.seal(model(diff, 3), key));
    }

    private static Model model(ModelConfig c, long version) {
        Random r = new Random(4200 + version);
        float[] flat = new float[Weights.parameterCount(c)];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (r.nextFloat() * 2 - 1) * 0.5f;
        }
        return new Model(c, Weights.fromFlat(c, flat), version, Provenance.untrained("state-compat"));
    }
}

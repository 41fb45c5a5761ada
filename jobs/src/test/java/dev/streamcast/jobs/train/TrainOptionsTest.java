package dev.streamcast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.model.CellType;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainOptionsTest {
    private static TrainSettings parse(Map<String, String> env, String... args) {
        return TrainSettings.from(TrainOptions.parse(args), env);
    }

    @Test
    void defaultsMatchTheModelAndTrainingDefaults() {
        TrainSettings s = parse(Map.of());
        // the backtest's defaults (TBPTT 24/48, season and transform auto), the rest as TrainConfig.defaults()
        assertThat(s.train()).isEqualTo(TrainConfig.defaults().withTbptt(24, 48));
        assertThat(s.transforms()).as("auto").isEmpty();
        assertThat(s.season()).as("auto").isZero();
        assertThat(s.modelConfig(List.of("value"), 0).transforms())
                .as("without data: diff")
                .containsExactly(Transform.DIFF);
        assertThat(s.cell()).isEqualTo(CellType.LSTM);
        assertThat(s.hidden()).isEqualTo(32);
        assertThat(s.holdoutFraction()).isEqualTo(0.1);
        assertThat(s.modelsTopic()).isEqualTo("models");
        assertThat(s.maxModelBytes()).isEqualTo(64L << 20);
        assertThat(s.modelKey()).isNull();
        assertThat(s.everyMillis()).isZero();
        assertThat(s.publish()).isFalse();
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        assertThatThrownBy(() -> TrainOptions.parse("--hiden", "8")).hasMessageContaining("--hiden");
        assertThatThrownBy(() -> parse(Map.of(), "--hidden", "many"))
                .hasMessageContaining("--hidden")
                .hasMessageContaining("many");
        assertThatThrownBy(() -> parse(Map.of(), "--k1", "60")).hasMessageContaining("k1");
        assertThatThrownBy(() -> parse(Map.of(), "--every", "soon")).hasMessageContaining("--every");
        assertThatThrownBy(() -> parse(Map.of(), "--holdout-fraction", "0")).hasMessageContaining("holdout");
    }

    @Test
    void flagsTakeNoValueAndTheKeyComesFromTheEnvironment() {
        TrainSettings s = parse(
                Map.of(TrainSettings.KEY_ENV, "abc"),
                "--warm-start",
                "--publish",
                "--every",
                "6h",
                "--transform",
                "log-diff,none",
                "--cell",
                "gru");
        assertThat(s.warmStart()).isTrue();
        assertThat(s.publish()).isTrue();
        assertThat(s.everyMillis()).isEqualTo(6 * 3_600_000L);
        assertThat(s.modelKey()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(s.modelConfig(List.of("price", "volume"), 0).transforms())
                .containsExactly(Transform.LOG_DIFF, Transform.NONE);
        assertThat(parse(Map.of(TrainSettings.KEY_ENV, "abc"), "--model-key", "xyz")
                        .modelKey())
                .isEqualTo("xyz".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        String help = TrainOptions.help();
        for (TrainOptions.Option o : TrainOptions.ALL) {
            assertThat(help).contains("--" + o.name());
        }
        assertThat(help).contains("(default: 0.1)");
    }

    @Test
    void progressLineShowsEpochLossesElapsedAndTimeLeft() {
        assertThat(Progress.line(2, 40, 0.41234, 0.45, 12_000))
                .isEqualTo("epoch  3/40  loss 0.41234  val 0.45000  elapsed 12.0s  left <= 2m28s");
    }

    @Test
    void readmeOptionsTableMatchesTheOptions() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        assertThat(text).contains(String.join("\n", TrainOptions.markdownTable()));
    }
}

package dev.streamcast.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastOptionsTest {

    @Test
    void noArgumentsGiveTheDocumentedDefaults() {
        assertThat(ForecastConfig.fromArgs(new String[0])).isEqualTo(ForecastConfig.defaults());
    }

    @Test
    void everyOptionIsParsedIntoItsField() {
        ForecastConfig c = ForecastConfig.fromArgs(new String[] {
            "--bootstrap-servers",
            "k1:9092,k2:9092",
            "--observations-topic",
            "obs",
            "--models-topic",
            "m",
            "--forecasts-topic",
            "f",
            "--dead-letter-topic",
            "d",
            "--group-id",
            "g",
            "--features",
            "temp, humidity",
            "--target",
            "temp",
            "--window-size",
            "16",
            "--out-of-orderness",
            "5s",
            "--state-ttl",
            "2m",
            "--delivery",
            "exactly-once",
            "--checkpoint-interval",
            "500ms",
            "--state-backend",
            "rocksdb",
            "--checkpoint-dir",
            "file:///tmp/ck",
            "--model",
            "/tmp/m.bin",
            "--parallelism=3"
        });
        assertThat(c)
                .isEqualTo(ForecastConfig.builder()
                        .bootstrapServers("k1:9092,k2:9092")
                        .observationsTopic("obs")
                        .modelsTopic("m")
                        .forecastsTopic("f")
                        .deadLetterTopic("d")
                        .groupId("g")
                        .features(List.of("temp", "humidity"))
                        .target("temp")
                        .windowSize(16)
                        .outOfOrdernessMillis(5_000)
                        .stateTtlMillis(120_000)
                        .exactlyOnce(true)
                        .checkpointIntervalMillis(500)
                        .stateBackend("rocksdb")
                        .checkpointDir("file:///tmp/ck")
                        .initialModel("/tmp/m.bin")
                        .parallelism(3)
                        .build());
    }

    @Test
    void theBuilderStartsFromTheDocumentedDefaultsAndRoundTrips() {
        ForecastConfig d = ForecastConfig.defaults();
        assertThat(d.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(d.windowSize()).isEqualTo(64);
        assertThat(d.stateTtlMillis()).isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(d.checkpointIntervalMillis()).isEqualTo(10_000L);
        assertThat(d.modelKey()).isNull();
        ForecastConfig c = d.toBuilder().windowSize(5).parallelism(2).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.windowSize()).isEqualTo(5);
        assertThatThrownBy(() -> ForecastConfig.builder().windowSize(0).build()).hasMessageContaining("window-size");
    }

    @Test
    void badValuesAreRefusedWithTheOptionAndValueNamed() {
        assertThatThrownBy(() -> ForecastOptions.parse("--window-size", "abc"))
                .hasMessage("--window-size must be an integer, found 'abc'");
        assertThatThrownBy(() -> ForecastOptions.parse("--window-size", "0"))
                .hasMessage("--window-size must be in [1, 100000], found 0");
        assertThatThrownBy(() -> ForecastOptions.parse("--out-of-orderness", "5 parsecs"))
                .hasMessageStartingWith("--out-of-orderness must be a duration")
                .hasMessageEndingWith("'5 parsecs'");
        assertThatThrownBy(() -> ForecastOptions.parse("--delivery", "maybe"))
                .hasMessage("--delivery must be one of at-least-once, exactly-once, found 'maybe'");
        assertThatThrownBy(() -> ForecastOptions.parse("--target", "wind"))
                .hasMessage("--target must be one of --features [value], found 'wind'");
        assertThatThrownBy(() -> ForecastOptions.parse("--features", "a,,b"))
                .hasMessageContaining("--features")
                .hasMessageContaining("'a,,b'");
        assertThatThrownBy(() -> ForecastOptions.parse("--checkpoint-interval", "1ms"))
                .hasMessageContaining("--checkpoint-interval must be at least 10ms");
    }

    @Test
    void unknownOptionsAndMissingValuesAreRefused() {
        assertThatThrownBy(() -> ForecastOptions.parse("--windowsize", "3"))
                .hasMessageStartingWith("unknown option --windowsize");
        assertThatThrownBy(() -> ForecastOptions.parse("--group-id")).hasMessage("--group-id needs a value");
        assertThatThrownBy(() -> ForecastOptions.parse("stray")).hasMessage("expected an option --name, found 'stray'");
    }

    @Test
    void intervalLevelsAreStrictDecimals() {
        assertThat(ForecastOptions.parse("--interval-levels", "0.5,0.9").intervalLevels())
                .containsExactly(0.5, 0.9);
        assertThatThrownBy(() -> ForecastOptions.parse("--interval-levels", "0.5d"))
                .hasMessageStartingWith("--interval-levels must be distinct levels in (0, 1)");
        assertThatThrownBy(() -> ForecastOptions.parse("--interval-levels", "0x1p-1"))
                .hasMessageStartingWith("--interval-levels must be distinct levels in (0, 1)");
    }

    @Test
    void durationsTakeUnits() {
        assertThatThrownBy(() -> Durations.parseMillis("250"))
                .as("a bare number is refused: it meant ms here and seconds in the demo")
                .hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> ForecastOptions.parse("--checkpoint-interval", "10000"))
                .hasMessageStartingWith("--checkpoint-interval must be a duration with a unit")
                .hasMessageContaining("'10000'");
        assertThat(Durations.parseMillis("500ms")).isEqualTo(500);
        assertThat(Durations.parseMillis("5s")).isEqualTo(5_000);
        assertThat(Durations.parseMillis("2m")).isEqualTo(120_000);
        assertThat(Durations.parseMillis("1h")).isEqualTo(3_600_000);
        assertThat(Durations.parseMillis("7d")).isEqualTo(604_800_000);
        assertThatThrownBy(() -> Durations.parseMillis("-5s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        String help = ForecastOptions.help();
        for (ForecastOptions.Option o : ForecastOptions.ALL) {
            assertThat(help).contains("--" + o.name()).contains(o.description()).contains(o.defaultLabel());
        }
    }

    @Test
    void readmeOptionsTableMatchesTheCode() throws Exception {
        Path readme =
                Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize();
        List<String> lines = Files.readAllLines(readme);
        int section = lines.indexOf("### Forecast job options");
        assertThat(section)
                .as("README.md has a '### Forecast job options' section")
                .isNotNegative();
        List<String> table = new ArrayList<>();
        for (int i = section + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            if (lines.get(i).startsWith("|")) {
                table.add(lines.get(i));
            }
        }
        assertThat(table)
                .as("README table; regenerate from ForecastOptions.markdownTable()")
                .containsExactlyElementsOf(ForecastOptions.markdownTable());
    }

    @Test
    void anEmptyModelKeyIsRefusedByNameAndUnsignedModelsAreAFlag() {
        assertThatThrownBy(() -> ForecastOptions.parse("--model-key", "")).hasMessage("--model-key must not be empty");
        assertThatThrownBy(() -> ForecastOptions.parse("--model-key=")).hasMessage("--model-key must not be empty");
        assertThatThrownBy(() -> ForecastOptions.parse("--model-key", "  "))
                .hasMessage("--model-key must not be empty");
        assertThat(ForecastOptions.parse().allowUnsignedModels()).isFalse();
        assertThat(ForecastOptions.parse("--allow-unsigned-models").allowUnsignedModels())
                .isTrue();
        assertThat(ForecastOptions.parse("--model-key", "k").modelKey()).isEqualTo("k");
    }
}

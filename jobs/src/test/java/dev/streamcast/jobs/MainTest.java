package dev.streamcast.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.io.ModelCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommands() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("forecast").contains("usage: streamcast <command>");
    }

    @Test
    void onTheApplicationClassPathMainMayExitWithAStatus() {
        // java -jar (and this test JVM) load Main with the application class loader: a bad flag exits with 2.
        // Under flink run or a REST submission a Flink user-code class loader loads it and main() throws instead,
        // so a bad option cannot take the JobManager down (ClusterDeployTest submits one).
        assertThat(Main.insideFlink()).isFalse();
    }

    @Test
    void noArgumentsPrintUsageAndFail() throws Exception {
        assertThat(run()).isEqualTo(Main.USAGE);
        assertThat(out()).contains("commands:");
    }

    @Test
    void anUnknownCommandNamesItselfAndExitsWith2() throws Exception {
        assertThat(run("forcast")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'forcast'").contains("forecast");
    }

    @Test
    void commandHelpListsEveryOptionWithDefaults() throws Exception {
        assertThat(run("forecast", "--help")).isZero();
        assertThat(out())
                .contains("--bootstrap-servers")
                .contains("--window-size")
                .contains("(default: 64)")
                .contains("--delivery <at-least-once|exactly-once>");
    }

    @Test
    void anEmptyModelKeyExitsWith2NamingItForEveryCommandThatTakesOne() throws Exception {
        for (String command : new String[] {"forecast", "train", "backtest"}) {
            err.reset();
            assertThat(run(command, "--model-key", "")).as(command).isEqualTo(2);
            assertThat(err()).as(command).contains("--model-key must not be empty");
        }
    }

    @Test
    void anUnsignedInitialModelStopsTheForecastJobAtStartUnlessUnsignedModelsAreAllowed(@TempDir Path dir)
            throws Exception {
        ModelConfig c = ModelConfig.univariate(CellType.LSTM, 4, 1, Transform.DIFF);
        Path model = dir.resolve("m.bin");
        ModelCodec.write(new Model(c, Weights.zeros(c), 1, Provenance.untrained("test")), model);
        assertThat(run("forecast", "--model", model.toString())).isEqualTo(2);
        assertThat(err()).contains("initial-model cannot be used: model is not signed");
    }

    @Test
    void aBadOptionNamesItselfAndExitsWith2BeforeAnythingRuns() throws Exception {
        assertThat(run("forecast", "--window-size", "abc")).isEqualTo(2);
        assertThat(err()).contains("--window-size must be an integer, found 'abc'");
        assertThat(run("forecast", "--no-such-flag", "1")).isEqualTo(2);
        assertThat(err()).contains("unknown option --no-such-flag");
    }
}

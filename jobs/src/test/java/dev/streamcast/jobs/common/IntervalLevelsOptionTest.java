package dev.streamcast.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.jobs.backtest.BacktestCommand;
import dev.streamcast.jobs.demo.DemoOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --interval-levels on forecast, backtest and demo: one parser, the option named in every refusal. */
class IntervalLevelsOptionTest {

    @Test
    void levelsAreSortedAndEmptyTurnsTheBandsOff() {
        assertThat(ForecastOptions.parse().intervalLevels()).containsExactly(0.8, 0.95);
        assertThat(ForecastOptions.parse("--interval-levels", "0.95, 0.5").intervalLevels())
                .containsExactly(0.5, 0.95);
        assertThat(ForecastOptions.parse("--interval-levels", "").intervalLevels())
                .isEmpty();
        assertThat(ForecastOptions.parse("--interval-levels=").intervalLevelArray())
                .isEmpty();
        assertThat(DemoOptions.parse(new String[] {"--interval-levels", "0.9"}).intervalLevels())
                .isEqualTo(List.of(0.9));
        assertThat(BacktestCommand.settings(new String[] {"--input", "x.csv", "--out", "o", "--interval-levels", ""})
                        .intervalLevels())
                .isEmpty();
    }

    @Test
    void aBadLevelIsRefusedNamingTheOptionAndTheValue() {
        for (String bad : List.of("1.5", "0", "0.8,0.8", "abc", "0.8,", "NaN")) {
            assertThatThrownBy(() -> ForecastOptions.parse("--interval-levels", bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--interval-levels must be distinct levels in (0, 1)")
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThatThrownBy(() -> ForecastOptions.parse("--interval-levels", "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9"))
                .hasMessage("--interval-levels takes at most 8 levels, found 9");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--interval-levels", "2"}))
                .hasMessageStartingWith("--interval-levels must be distinct levels");
    }
}

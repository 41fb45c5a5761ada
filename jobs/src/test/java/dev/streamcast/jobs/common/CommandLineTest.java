package dev.streamcast.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.jobs.common.serde.Timestamps;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one option parser ({@link CommandLine}) and its typed values ({@link OptionValues}) shared by every command. */
class CommandLineTest {

    private static OptionValues values(String... args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("n", "5");
        defaults.put("x", "0.5");
        defaults.put("every", "30s");
        defaults.put("from", "");
        defaults.put("names", "a,b");
        defaults.put("mode", "fast");
        defaults.put("verbose", "false");
        return new OptionValues(CommandLine.parse(args, defaults, Set.of("verbose")));
    }

    @Test
    void valuesFlagsAndDefaults() {
        OptionValues o = values("--n", "7", "--x=0.25", "--verbose");
        assertThat(o.integer("n", 1, 10)).isEqualTo(7);
        assertThat(o.number("x")).isEqualTo(0.25);
        assertThat(o.flag("verbose")).isTrue();
        assertThat(o.duration("every", 1)).isEqualTo(30_000);
        assertThat(o.optional("from")).isNull();
        assertThat(o.list("names")).containsExactly("a", "b");
        assertThat(o.choice("mode", List.of("fast", "slow"))).isEqualTo("fast");
    }

    @Test
    void everyFailureNamesTheOptionAndTheValue() {
        assertThatThrownBy(() -> values("--n", "11").integer("n", 1, 10))
                .hasMessage("--n must be in [1, 10], found 11");
        assertThatThrownBy(() -> values("--n", "x").integer("n", 1, 10))
                .hasMessage("--n must be an integer, found 'x'");
        assertThatThrownBy(() -> values("--x", "12d").number("x")).hasMessage("--x must be a number, found '12d'");
        assertThatThrownBy(() -> values("--x", "NaN").number("x")).hasMessage("--x must be a number, found 'NaN'");
        assertThatThrownBy(() -> values("--every", "30").duration("every", 1))
                .hasMessage("--every must be a duration with a unit, such as 500ms, 5s, 2m, 1h or 7d, found '30'");
        assertThatThrownBy(() -> values("--every", "0s").duration("every", 1000))
                .hasMessage("--every must be at least 1.0s, found '0s'");
        assertThatThrownBy(() -> values("--from", "yesterday").time("from", Timestamps::parseText))
                .hasMessageStartingWith("--from must be an ISO-8601 time")
                .hasMessageEndingWith("found 'yesterday'");
        assertThatThrownBy(() -> values("--names", "a,,b").list("names")).hasMessageContaining("--names");
        assertThatThrownBy(() -> values("--mode", "medium").choice("mode", List.of("fast", "slow")))
                .hasMessage("--mode must be one of fast, slow, found 'medium'");
        assertThatThrownBy(() -> values("--verbose=maybe").flag("verbose"))
                .hasMessage("--verbose is a flag (true or false), found 'maybe'");
    }

    @Test
    void aHugeValueIsCutInTheMessage() {
        String huge = "9".repeat(30_000);
        assertThatThrownBy(() -> values("--n", huge).integer("n", 1, 10))
                .hasMessageStartingWith("--n must be an integer, found '999")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
        List<Integer> many = IntStream.range(0, 10_000).boxed().toList();
        assertThat(Messages.list(many)).isEqualTo("0, 1, 2, 3, 4, 5, 6, 7, 8, 9 ... and 9990 more");
        assertThat(Messages.list(Collections.nCopies(3, "k"))).isEqualTo("k, k, k");
    }

    @Test
    void durationsNeedAUnit() {
        assertThat(Durations.parseMillis("500ms")).isEqualTo(500);
        assertThat(Durations.parseMillis("2min")).isEqualTo(120_000);
        assertThatThrownBy(() -> Durations.parseMillis("250")).hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> Durations.parseMillis("5 s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parseMillis("999999999999999d")).isInstanceOf(ArithmeticException.class);
        assertThat(Durations.format(850)).isEqualTo("850ms");
        assertThat(Durations.format(245_000)).isEqualTo("4m05s");
    }

    @Test
    void decimalsAreStrict() {
        assertThat(Numbers.parseDecimal("-1.5e3")).isEqualTo(-1500.0);
        assertThat(Numbers.parseDecimal(".5")).isEqualTo(0.5);
        assertThat(Numbers.parseDecimal("5.")).isEqualTo(5.0);
        assertThat(Numbers.parseDecimal("+7")).isEqualTo(7.0);
        for (String bad : new String[] {
            "12d", "1f", "0x1p3", "NaN", "Infinity", " 1", "1 ", "", ".", "1e", "e5", "1e999", "1_000", "--1"
        }) {
            assertThatThrownBy(() -> Numbers.parseDecimal(bad))
                    .as("'%s'", bad)
                    .isInstanceOf(NumberFormatException.class);
        }
    }
}

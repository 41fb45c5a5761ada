package dev.streamcast.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.jobs.data.LongCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The split of a dataset into a history (trained on, replayed first) and a live part (replayed at speed, scored). */
class DemoDataTest {

    @TempDir
    Path dir;

    @Test
    void splitsEachSeriesAndReplaysAllHistoryBeforeAnyLiveRow() throws Exception {
        Path csv = DemoEndToEndTest.seasonalCsv(dir.resolve("d.csv"), 3, 100);
        DemoData d = DemoData.load(csv, 0.4);
        assertThat(d.keys()).containsExactly("s0", "s1", "s2");
        assertThat(d.historyRows()).isEqualTo(120);
        assertThat(d.liveRows()).isEqualTo(180);
        List<LongCsv.Row> history = d.rows().subList(0, d.historyRows());
        List<LongCsv.Row> live = d.rows().subList(d.historyRows(), d.rows().size());
        assertThat(history)
                .allSatisfy(r -> assertThat(r.ts()).isLessThan(d.liveFrom().get(r.key())));
        assertThat(live)
                .allSatisfy(r ->
                        assertThat(r.ts()).isGreaterThanOrEqualTo(d.liveFrom().get(r.key())));
        assertThat(live).isSortedAccordingTo((a, b) -> Long.compare(a.ts(), b.ts()));
        assertThat(d.speedFor(120)).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void theNaiveScaleIsTheMeanAbsoluteStepOfTheHistory() throws Exception {
        Path csv = Files.writeString(
                dir.resolve("s.csv"),
                "key,timestamp,value\n"
                        + String.join(
                                "",
                                IntStream.range(0, 40)
                                        .mapToObj(t -> "a," + (1000L * t) + "," + (t % 2 == 0 ? 0 : 3) + "\n")
                                        .toList()));
        DemoData d = DemoData.load(csv, 0.5);
        assertThat(d.naiveScale().get("a")).isCloseTo(3.0, within(1e-12));
        assertThat(d.lastTs().get("a")).isEqualTo(39_000L);
    }

    @Test
    void tooShortSeriesAreLeftOut() throws Exception {
        Path csv = Files.writeString(
                dir.resolve("x.csv"),
                "key,timestamp,value\n"
                        + String.join(
                                "",
                                IntStream.range(0, 30)
                                        .mapToObj(t -> "long," + (1000L * t) + "," + t + "\n"
                                                + (t < 5 ? "short," + (1000L * t) + ",1\n" : ""))
                                        .toList()));
        assertThat(DemoData.load(csv, 0.4).keys()).containsExactly("long");
    }
}

package dev.streamcast.jobs.demo;

import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.jobs.replay.Replayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's dataset, split per key into a history (the first part of each series, which the first model trains on
 * and which is replayed first, as fast as possible, to warm up each key's state) and a live part (replayed at the
 * chosen speed and scored).
 *
 * @param file the CSV file read
 * @param columns value column names (the first one is the target)
 * @param rows every usable row in time order across keys: the history rows first, then the live ones
 * @param historyRows how many of {@code rows} are history
 * @param liveFrom per key, the timestamp of its first live observation
 * @param naiveScale per key, the in-sample one-step naive MAE of its history (the MASE denominator)
 * @param badRows rows of the file that could not be used
 */
public record DemoData(
        Path file,
        List<String> columns,
        List<LongCsv.Row> rows,
        int historyRows,
        Map<String, Long> liveFrom,
        Map<String, Double> naiveScale,
        int badRows) {

    /** Series shorter than this are left out (too short to train on or to score). */
    static final int MIN_SERIES = 20;

    /**
     * Reads and splits a file. Throws a {@link dev.streamcast.jobs.data.BadInputException} naming the file and line
     * when it is missing, unreadable or empty ({@link LongCsv#read}), an IllegalArgumentException when it holds no
     * usable series.
     */
    public static DemoData load(Path file, double historyFraction) {
        LongCsv.Table table;
        try {
            table = LongCsv.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read data file " + file + ": " + e.getMessage());
        }
        Map<String, List<LongCsv.Row>> series = table.bySeries();
        List<LongCsv.Row> history = new ArrayList<>();
        List<LongCsv.Row> live = new ArrayList<>();
        Map<String, Long> liveFrom = new LinkedHashMap<>();
        Map<String, Double> scale = new HashMap<>();
        for (Map.Entry<String, List<LongCsv.Row>> e : series.entrySet()) {
            List<LongCsv.Row> rows = e.getValue();
            if (rows.size() < MIN_SERIES) {
                continue;
            }
            int cut = Math.max(2, Math.min(rows.size() - 1, (int) Math.round(rows.size() * historyFraction)));
            history.addAll(rows.subList(0, cut));
            live.addAll(rows.subList(cut, rows.size()));
            liveFrom.put(e.getKey(), rows.get(cut).ts());
            double sum = 0;
            for (int i = 1; i < cut; i++) {
                sum += Math.abs(rows.get(i).values()[0] - rows.get(i - 1).values()[0]);
            }
            scale.put(e.getKey(), sum / (cut - 1));
        }
        if (liveFrom.isEmpty()) {
            throw new IllegalArgumentException(
                    "data file " + file + " has no series with at least " + MIN_SERIES + " usable rows ("
                            + table.rows().size() + " rows, " + table.bad().size() + " bad)");
        }
        List<LongCsv.Row> all = new ArrayList<>(timeOrder(history));
        all.addAll(timeOrder(live));
        return new DemoData(
                file,
                table.valueColumns(),
                List.copyOf(all),
                history.size(),
                Collections.unmodifiableMap(liveFrom),
                Map.copyOf(scale),
                table.bad().size());
    }

    private static List<LongCsv.Row> timeOrder(List<LongCsv.Row> rows) {
        return Replayer.inTimeOrder(new LongCsv.Table(List.of("value"), rows, new ArrayList<>()));
    }

    /**
     * The file the demo reads: {@code requested} as given if it exists; the bundled default is also looked up under
     * the directory in the system property {@code streamcast.home} (the launcher script sets it to the repository).
     */
    public static Path resolve(Path requested) {
        if (Files.exists(requested) || requested.isAbsolute()) {
            return requested;
        }
        String home = System.getProperty("streamcast.home");
        if (home != null && Files.exists(Path.of(home).resolve(requested))) {
            return Path.of(home).resolve(requested);
        }
        return requested;
    }

    /** Per key, the timestamp of its last observation: the job is done once each has its forecast. */
    public Map<String, Long> lastTs() {
        Map<String, Long> last = new HashMap<>();
        for (LongCsv.Row r : rows) {
            last.merge(r.key(), r.ts(), Math::max);
        }
        return last;
    }

    public int liveRows() {
        return rows.size() - historyRows;
    }

    public List<String> keys() {
        return List.copyOf(liveFrom.keySet());
    }

    /** Observations per second that replay the live part in about {@code seconds}. */
    public double speedFor(int seconds) {
        return Math.max(1.0, liveRows() / (double) seconds);
    }
}

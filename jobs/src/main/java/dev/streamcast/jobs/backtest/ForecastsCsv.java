package dev.streamcast.jobs.backtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Writes {@code forecasts.csv}: one line per scored row, {@code key,timestamp,actual,forecast,naive,seasonal_naive,
 * ses,model_version}, then with prediction intervals {@code lower_<level>,upper_<level>} per level (the model's
 * bounds, empty where the key's calibration was still warming up); timestamp in ISO-8601 UTC, numbers as Java prints
 * doubles (exact round trip).
 */
final class ForecastsCsv {
    private ForecastsCsv() {}

    static final String HEADER = "key,timestamp,actual,forecast,naive,seasonal_naive,ses,model_version";

    static void write(List<KeyScore> keys, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            IntervalScore any = keys.stream()
                    .map(KeyScore::intervals)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            w.write(HEADER);
            if (any != null) {
                for (double level : any.levels()) {
                    w.write(",lower_" + level + ",upper_" + level);
                }
            }
            w.newLine();
            StringBuilder b = new StringBuilder(128);
            for (KeyScore k : keys) {
                BacktestData.Series s = k.series();
                for (int i = 0; i < s.size(); i++) {
                    if (!k.scored(i)) {
                        continue;
                    }
                    b.setLength(0);
                    b.append(s.key())
                            .append(',')
                            .append(Instant.ofEpochMilli(s.ts()[i]))
                            .append(',')
                            .append(s.y()[i]);
                    for (double[] f : k.forecasts()) {
                        b.append(',').append(f[i]);
                    }
                    b.append(',').append(k.versions()[i]);
                    IntervalScore iv = k.intervals();
                    for (int l = 0; any != null && l < any.levels().length; l++) {
                        boolean has = iv != null && !Double.isNaN(iv.lower()[l][i]);
                        b.append(',').append(has ? String.valueOf(iv.lower()[l][i]) : "");
                        b.append(',').append(has ? String.valueOf(iv.upper()[l][i]) : "");
                    }
                    w.append(b);
                    w.newLine();
                }
            }
        }
    }
}

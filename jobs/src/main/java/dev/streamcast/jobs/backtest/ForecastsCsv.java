package dev.streamcast.jobs.backtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Writes {@code forecasts.csv}: one line per scored row, {@code key,timestamp,actual,forecast,naive,seasonal_naive,
 * ses,model_version}; timestamp in ISO-8601 UTC, numbers as Java prints doubles (exact round trip).
 */
final class ForecastsCsv {
    private ForecastsCsv() {}

    static final String HEADER = "key,timestamp,actual,forecast,naive,seasonal_naive,ses,model_version";

    static void write(List<KeyScore> keys, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
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
                    w.append(b);
                    w.newLine();
                }
            }
        }
    }
}

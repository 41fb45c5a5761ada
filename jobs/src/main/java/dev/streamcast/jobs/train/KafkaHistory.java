package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.data.KafkaObservations;
import dev.streamcast.jobs.data.LongCsv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * History from the observations topic, read by the shared {@link KafkaObservations} (the backtest reads it the same
 * way): every record is parsed by the same parser as the forecast job's, records the parser refuses count as bad
 * rows, and each key's observations are ordered by timestamp with duplicate timestamps dropped (the first one read
 * wins, as in the job, which dead-letters a later duplicate).
 */
final class KafkaHistory {
    private KafkaHistory() {}

    /**
     * @param parser the streaming path's parser: an observation, or null for a record it refuses
     * @param from keep observations with {@code from <= ts < to}
     * @param last then keep each key's last {@code last} observations (0 = all)
     */
    static History read(
            String bootstrap,
            String topic,
            List<String> features,
            int targetIndex,
            Function<RawRecord, Observation> parser,
            long from,
            long to,
            int last) {
        LongCsv.Table table = KafkaObservations.read(
                bootstrap, topic, features, parser, () -> "refused by the forecast job's parser", from, to);
        List<History.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<LongCsv.Row>> e : table.bySeries().entrySet()) {
            List<LongCsv.Row> rows = History.tail(e.getValue(), last);
            long[] ts = new long[rows.size()];
            double[][] values = new double[rows.size()][];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = rows.get(i).ts();
                values[i] = rows.get(i).values();
            }
            series.add(new History.Series(e.getKey(), ts, values));
        }
        return new History(
                features,
                targetIndex,
                series,
                "kafka " + bootstrap + "/" + topic,
                table.bad().size());
    }
}

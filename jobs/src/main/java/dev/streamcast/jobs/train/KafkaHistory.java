package dev.streamcast.jobs.train;

import dev.streamcast.jobs.data.KafkaObservations;
import dev.streamcast.jobs.data.LongCsv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * History from the observations topic, read by the shared {@link KafkaObservations} (the backtest reads it the same
 * way): every record is parsed by the same parser as the forecast job's, records the parser refuses count as bad
 * rows, and each key's observations are ordered by timestamp with duplicate timestamps dropped (the first one read
 * wins, as in the job, which dead-letters a later duplicate).
 */
final class KafkaHistory {
    private KafkaHistory() {}

    /**
     * @param target the forecast feature, one of {@code features} (the parser checks records as the job does)
     * @param from keep observations with {@code from <= ts < to}
     * @param last then keep each key's last {@code last} observations (0 = all)
     */
    static History read(
            String bootstrap, String topic, List<String> features, String target, long from, long to, int last) {
        LongCsv.Table table = KafkaObservations.read(bootstrap, topic, features, target, from, to);
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
                features.indexOf(target),
                series,
                "kafka " + bootstrap + "/" + topic,
                table.bad().size());
    }
}

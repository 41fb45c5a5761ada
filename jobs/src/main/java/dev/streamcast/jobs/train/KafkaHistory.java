package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * History from the observations topic: every record is parsed by the same parser as the forecast job's, records the
 * parser refuses count as bad rows, and each key's observations are ordered by timestamp with duplicate timestamps
 * dropped (the first one read wins, as in the job, which dead-letters a later duplicate).
 */
final class KafkaHistory {
    private KafkaHistory() {}

    /**
     * @param parser the streaming path's parser: an observation, or null for a record it refuses
     * @param from keep observations with {@code from <= ts < to}
     * @param last then keep each key's last {@code last} observations (0 = all)
     */
    static History read(String bootstrap, String topic, List<String> features, int targetIndex,
            Function<RawRecord, Observation> parser, long from, long to, int last) {
        Map<String, List<Observation>> byKey = new LinkedHashMap<>();
        long[] bad = {0};
        TopicReader.readAll(bootstrap, topic, 1 << 20, r -> {
            Observation o = parser.apply(new RawRecord(r.value() == null ? new byte[0] : r.value(), r.topic(),
                    r.partition(), r.offset()));
            if (o == null) {
                bad[0]++;
            } else if (o.ts >= from && o.ts < to) {
                byKey.computeIfAbsent(o.key, k -> new ArrayList<>()).add(o);
            }
        });
        List<History.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<Observation>> e : byKey.entrySet()) {
            List<Observation> rows = e.getValue();
            rows.sort(Comparator.comparingLong(o -> o.ts)); // stable: the first read of a timestamp stays first
            List<Observation> unique = new ArrayList<>(rows.size());
            for (Observation o : rows) {
                if (!unique.isEmpty() && unique.get(unique.size() - 1).ts == o.ts) {
                    bad[0]++;
                } else {
                    unique.add(o);
                }
            }
            unique = History.tail(unique, last);
            long[] ts = new long[unique.size()];
            double[][] values = new double[unique.size()][];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = unique.get(i).ts;
                values[i] = unique.get(i).values;
            }
            series.add(new History.Series(e.getKey(), ts, values));
        }
        return new History(features, targetIndex, series, "kafka " + bootstrap + "/" + topic, bad[0]);
    }
}

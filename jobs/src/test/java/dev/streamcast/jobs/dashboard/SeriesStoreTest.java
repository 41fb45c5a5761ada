package dev.streamcast.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SeriesStoreTest {

    static Point point(String key, long ts, double actual) {
        Point p = new Point();
        p.clear();
        p.key = key;
        p.ts = ts;
        p.targetTs = ts + 1000;
        p.actual = actual;
        p.forecast = actual + 0.5;
        p.modelVersion = 1;
        p.seq = ts / 1000;
        return p;
    }

    static List<Long> times(KeySeries s) {
        List<Long> out = new ArrayList<>();
        for (Point p : s.since(0)) {
            out.add(p.ts);
        }
        return out;
    }

    @Test
    void keepsOnlyTheLastHistoryPointsOfAKey() {
        SeriesStore store = new SeriesStore(10, 100);
        for (int i = 1; i <= 25; i++) {
            store.add(point("a", i * 1000L, i));
        }
        KeySeries s = store.get("a");
        assertThat(s.size()).isEqualTo(10);
        assertThat(times(s))
                .containsExactly(16000L, 17000L, 18000L, 19000L, 20000L, 21000L, 22000L, 23000L, 24000L, 25000L);
        assertThat(s.since(0)[9].actual).isEqualTo(25.0);
    }

    @Test
    void dropsRedeliveredForecastsByKeyAndTimestamp() {
        SeriesStore store = new SeriesStore(100, 100);
        for (int i = 1; i <= 5; i++) {
            assertThat(store.add(point("a", i * 1000L, i))).isTrue();
        }
        // at-least-once: the job restarted and wrote forecasts 3..5 again
        for (int i = 3; i <= 5; i++) {
            assertThat(store.add(point("a", i * 1000L, i))).isFalse();
        }
        assertThat(times(store.get("a"))).containsExactly(1000L, 2000L, 3000L, 4000L, 5000L);
        assertThat(store.totals().duplicates()).isEqualTo(3);
        assertThat(store.totals().forecasts()).isEqualTo(5);
        assertThat(store.lastId()).isEqualTo(5);
    }

    @Test
    void putsALateForecastInItsPlaceByTime() {
        SeriesStore store = new SeriesStore(100, 100);
        store.add(point("a", 1000, 1));
        store.add(point("a", 3000, 3));
        store.add(point("a", 2000, 2)); // another partition's order, or a replay
        assertThat(times(store.get("a"))).containsExactly(1000L, 2000L, 3000L);
        Point[] after = store.get("a").since(2);
        assertThat(after).hasSize(1);
        assertThat(after[0].ts).isEqualTo(2000);
    }

    @Test
    void dropsTheLeastRecentlyUpdatedKeyBeyondMaxKeys() {
        SeriesStore store = new SeriesStore(10, 2);
        store.add(point("a", 1000, 1));
        store.add(point("b", 1000, 1));
        store.add(point("a", 2000, 2)); // a is now more recent than b
        store.add(point("c", 1000, 1));
        assertThat(store.get("b")).isNull();
        assertThat(store.get("a")).isNotNull();
        assertThat(store.get("c")).isNotNull();
        assertThat(store.totals().droppedKeys()).isEqualTo(1);
        assertThat(store.keys()).isEqualTo(2);
    }

    @Test
    void keepsBandsAndTheirLevels() {
        SeriesStore store = new SeriesStore(10, 10);
        store.add(point("a", 1000, 1)); // warming up: no bands
        Point p = point("a", 2000, 2);
        p.levels = 2;
        p.level[0] = 0.8;
        p.lower[0] = 1.5;
        p.upper[0] = 2.5;
        p.level[1] = 0.95;
        p.lower[1] = 1;
        p.upper[1] = 3;
        store.add(p);
        Point[] pts = store.get("a").since(0);
        assertThat(pts[0].levels).isZero();
        assertThat(pts[1].levels).isEqualTo(2);
        assertThat(pts[1].level).containsExactly(0.8, 0.95);
        assertThat(pts[1].lower).containsExactly(1.5, 1.0);
        assertThat(pts[1].upper).containsExactly(2.5, 3.0);
    }

    @Test
    void readersAlwaysSeeATimeOrderedBoundedSeriesWhileTheWriterAppends() throws Exception {
        SeriesStore store = new SeriesStore(500, 10);
        store.add(point("a", 0, 0));
        AtomicReference<String> problem = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (int i = 1; i <= 200_000; i++) {
                store.add(point("a", i * 1000L, i));
                if (i % 7 == 0) {
                    store.add(point("a", (i - 3) * 1000L, i - 3)); // redeliveries interleaved
                }
            }
        });
        writer.start();
        int reads = 0;
        while (writer.isAlive() || reads == 0) {
            Point[] pts = store.get("a").since(0);
            reads++;
            if (pts.length > 500) {
                problem.set("size " + pts.length);
            }
            for (int i = 1; i < pts.length; i++) {
                if (pts[i].ts != pts[i - 1].ts + 1000 || pts[i].actual != pts[i].ts / 1000) {
                    problem.set("not contiguous at " + i + ": " + pts[i - 1].ts + " then " + pts[i].ts);
                }
            }
            store.get("a").summary(26);
        }
        writer.join();
        assertThat(problem.get()).isNull();
        assertThat(reads).isPositive();
        assertThat(store.get("a").since(0)[499].ts).isEqualTo(200_000_000L);
    }

    @Test
    void countsDeadLettersByReasonGloballyAndPerKey() {
        SeriesStore store = new SeriesStore(10, 10);
        store.add(point("a", 1000, 1));
        store.deadLetter("a", "bad_timestamp");
        store.deadLetter("a", "bad_timestamp");
        store.deadLetter(null, "too_large");
        for (int i = 0; i < 100; i++) {
            store.deadLetter(null, "forged-" + i); // reasons come from the topic: their number is bounded
        }
        SeriesStore.Totals t = store.totals();
        assertThat(t.deadLetters()).isEqualTo(103);
        assertThat(t.deadLettersByReason()).hasSize(SeriesStore.MAX_REASONS + 1);
        assertThat(t.deadLettersByReason()).containsEntry("bad_timestamp", 2L).containsEntry("too_large", 1L);
        assertThat(store.get("a").summary(26).deadLettersByReason).containsEntry("bad_timestamp", 2L);
    }

    @Test
    void readsHostileForecastRecordsWithoutThrowing() {
        Point p = new Point();
        assertThat(DashboardJson.readForecast("{".getBytes(), p)).isNotNull();
        assertThat(DashboardJson.readForecast("[]".getBytes(), p)).isNotNull();
        assertThat(DashboardJson.readForecast("{\"key\":\"a\"}".getBytes(), p)).isNotNull();
        assertThat(DashboardJson.readForecast(new byte[] {(byte) 0xff, 0, 1}, p))
                .isNotNull();
        String ok = "{\"key\":\"<img src=x onerror=alert(1)>\",\"ts\":\"2024-01-02T15:30:00Z\","
                + "\"target_ts\":\"2024-01-02T15:31:00Z\",\"actual\":1.5,\"forecast\":2,\"model_version\":3,"
                + "\"warm\":true,\"prev_error\":null,\"seq\":4,\"intervals\":[{\"level\":0.8,\"lower\":1,"
                + "\"upper\":3}]}";
        assertThat(DashboardJson.readForecast(ok.getBytes(), p)).isNull();
        assertThat(p.key).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(p.ts).isEqualTo(1704209400000L);
        assertThat(p.levels).isEqualTo(1);
        assertThat(p.prevError).isNaN();
        String json = DashboardJson.point(new StringBuilder(), p, true).toString();
        assertThat(json).contains("\"key\":\"\\u003cimg src=x onerror=alert(1)\\u003e\"");
        assertThat(json).contains("\"prev_error\":null");
    }

    /** A point with an {@code n}-step path 1 s apart, values ts/1000 + h, bounds ±h from step 3 on. */
    static Point withPath(String key, long ts, int n) {
        Point p = point(key, ts, ts / 1000.0);
        p.pathArrays();
        p.pathLen = n;
        p.pathLevelCount = 1;
        p.pathLevel[0] = 0.9;
        for (int h = 1; h <= n; h++) {
            p.pathTs[h - 1] = ts + h * 1000L;
            p.pathValue[h - 1] = ts / 1000.0 + h;
            for (int l = 0; l < Point.MAX_LEVELS; l++) {
                boolean bounded = h >= 3 && l == 0;
                p.pathLower[(h - 1) * Point.MAX_LEVELS + l] = bounded ? ts / 1000.0 : Double.NaN;
                p.pathUpper[(h - 1) * Point.MAX_LEVELS + l] = bounded ? ts / 1000.0 + 2 * h : Double.NaN;
            }
        }
        return p;
    }

    /** The newest point of {@code key} as the API sends it. */
    static Point newest(SeriesStore store, String key) {
        Point[] pts = store.get(key).since(0);
        return pts[pts.length - 1];
    }

    @Test
    void keepsOnlyTheLatestPathOfAKeyAndReplacesItWithTheNext() {
        SeriesStore store = new SeriesStore(100, 10);
        store.add(withPath("a", 1000, 12));
        store.add(withPath("a", 2000, 12));
        Point[] pts = store.get("a").since(0);
        assertThat(pts[0].pathLen).as("an older point's path is not kept").isZero();
        Point last = pts[1];
        assertThat(last.pathLen).isEqualTo(12);
        assertThat(last.pathTs[0]).isEqualTo(3000);
        assertThat(last.pathTs[11]).isEqualTo(14000);
        assertThat(last.pathValue[11]).isEqualTo(14.0);
        assertThat(last.pathLower[0]).isNaN(); // steps 1 and 2 warm up
        assertThat(last.pathLower[2 * Point.MAX_LEVELS]).isEqualTo(2.0);
        assertThat(last.pathUpper[2 * Point.MAX_LEVELS]).isEqualTo(8.0);
        assertThat(last.pathLevel[0]).isEqualTo(0.9);

        // a late forecast (behind the newest) changes nothing, and its stale path goes to no listener
        Point late = withPath("a", 1500, 12);
        store.add(late);
        assertThat(late.pathLen).isZero();
        assertThat(newest(store, "a").pathValue[0]).isEqualTo(3.0);

        // the newest forecast without a path (say the job now runs with --horizon 1) clears it
        store.add(point("a", 3000, 3));
        assertThat(newest(store, "a").pathLen).isZero();
        assertThat(store.get("a").pathLength()).isZero();
        store.add(withPath("a", 4000, 5));
        assertThat(newest(store, "a").pathLen).isEqualTo(5);
    }

    @Test
    void keepsTheFirstHorizonStepsOfAPathAndNoneWithHorizonOne() {
        SeriesStore four = new SeriesStore(10, 10, 4);
        four.add(withPath("a", 1000, 12));
        assertThat(newest(four, "a").pathLen).isEqualTo(4);
        assertThat(newest(four, "a").pathTs[3]).isEqualTo(5000);
        SeriesStore one = new SeriesStore(10, 10, 1);
        Point p = withPath("a", 1000, 12);
        one.add(p);
        assertThat(p.pathLen).isZero();
        assertThat(newest(one, "a").pathLen).isZero();
    }

    @Test
    void readsAPathAsTheForecastRecordWritesItAndWritesItBackWithTheSameFieldNames() {
        String record = "{\"key\":\"a\",\"ts\":\"2024-01-02T15:30:00Z\",\"target_ts\":\"2024-01-02T15:31:00Z\","
                + "\"actual\":1.5,\"forecast\":2,\"model_version\":3,\"warm\":true,\"prev_error\":null,\"seq\":4,"
                + "\"intervals\":[{\"level\":0.8,\"lower\":1,\"upper\":3},{\"level\":0.95,\"lower\":0.5,\"upper\":3.5}],"
                + "\"path\":[{\"h\":1,\"target_ts\":\"2024-01-02T15:31:00Z\",\"value\":2,\"intervals\":"
                + "[{\"level\":0.8,\"lower\":1,\"upper\":3},{\"level\":0.95,\"lower\":0.5,\"upper\":3.5}]},"
                + "{\"h\":2,\"target_ts\":\"2024-01-02T15:32:00Z\",\"value\":null,\"intervals\":null},"
                + "{\"h\":3,\"target_ts\":\"2024-01-02T15:33:00Z\",\"value\":2.5,\"intervals\":"
                + "[{\"level\":0.8,\"lower\":1.5,\"upper\":4},{\"level\":0.95,\"lower\":1,\"upper\":5}]}]}";
        Point p = new Point();
        assertThat(DashboardJson.readForecast(record.getBytes(), p)).isNull();
        assertThat(p.pathLen).isEqualTo(3);
        assertThat(p.pathTs[1]).isEqualTo(1704209520000L);
        assertThat(p.pathValue[1]).isNaN();
        p.id = 7;
        String json = DashboardJson.point(new StringBuilder(), p, false).toString();
        assertThat(json)
                .endsWith(",\"path\":[{\"h\":1,\"target_ts\":1704209460000,\"value\":2.0,\"intervals\":["
                        + "{\"level\":0.8,\"lower\":1.0,\"upper\":3.0},{\"level\":0.95,\"lower\":0.5,\"upper\":3.5}]},"
                        + "{\"h\":2,\"target_ts\":1704209520000,\"value\":null,\"intervals\":null},"
                        + "{\"h\":3,\"target_ts\":1704209580000,\"value\":2.5,\"intervals\":[{\"level\":0.8,"
                        + "\"lower\":1.5,\"upper\":4.0},{\"level\":0.95,\"lower\":1.0,\"upper\":5.0}]}],\"id\":7}");
    }

    @Test
    void aHostilePathIsCutOrDroppedAndTheForecastKept() {
        String head = "{\"key\":\"a\",\"ts\":1000,\"target_ts\":2000,\"forecast\":1,\"model_version\":1,\"path\":";
        StringBuilder longPath = new StringBuilder("[");
        for (int h = 1; h <= 1000; h++) {
            longPath.append(h > 1 ? "," : "")
                    .append("{\"h\":")
                    .append(h)
                    .append(",\"target_ts\":")
                    .append(1000 + h);
            longPath.append(",\"value\":").append(h).append('}');
        }
        Point p = new Point();
        assertThat(DashboardJson.readForecast((head + longPath + "]}").getBytes(), p))
                .isNull();
        assertThat(p.pathLen).isEqualTo(Point.MAX_PATH);
        assertThat(p.pathValue[Point.MAX_PATH - 1]).isEqualTo(Point.MAX_PATH);
        String[] dropped = {
            "[{\"h\":2,\"target_ts\":1,\"value\":1}]", // not from h = 1
            "[{\"h\":1,\"target_ts\":\"yesterday\",\"value\":1}]", // no readable target_ts
            "[{\"h\":1,\"value\":1}]",
            "{\"h\":1}",
            "\"path\"",
            "[1,2]"
        };
        for (String path : dropped) {
            assertThat(DashboardJson.readForecast((head + path + "}").getBytes(), p))
                    .as(path)
                    .isNull();
            assertThat(p.pathLen).as(path).isZero();
        }
    }
}

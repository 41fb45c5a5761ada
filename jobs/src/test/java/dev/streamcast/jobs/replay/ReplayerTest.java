package dev.streamcast.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.data.LongCsv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayerTest {

    @Test
    void writesOneValueAsValueAndSeveralAsANamedObject() {
        Replayer r = new Replayer();
        LongCsv.Row row = new LongCsv.Row("AAPL", 1704067200000L, new double[] {185.6}, 2);
        assertThat(new String(r.toJson(row, List.of("value")), StandardCharsets.UTF_8))
                .isEqualTo("{\"key\":\"AAPL\",\"ts\":\"2024-01-01T00:00:00Z\",\"value\":185.6}");
        LongCsv.Row multi = new LongCsv.Row("JFK", 0L, new double[] {3.1, 0.7}, 3);
        assertThat(new String(r.toJson(multi, List.of("temp", "humidity")), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"key\":\"JFK\",\"ts\":\"1970-01-01T00:00:00Z\",\"values\":{\"temp\":3.1,\"humidity\":0.7}}");
    }

    @Test
    void ordersRowsByTimestampAcrossKeys() {
        var t = new LongCsv.Table(
                List.of("value"),
                new ArrayList<>(List.of(
                        new LongCsv.Row("B", 2, new double[] {1}, 2),
                        new LongCsv.Row("A", 1, new double[] {1}, 3),
                        new LongCsv.Row("A", 3, new double[] {1}, 4))),
                new ArrayList<>());
        assertThat(Replayer.inTimeOrder(t)).extracting(LongCsv.Row::ts).containsExactly(1L, 2L, 3L);
    }
}

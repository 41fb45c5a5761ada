package dev.streamcast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.jobs.common.ModelPublisher;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The trainer's Kafka side against a real broker: history from the observations topic, the champion from models. */
class TrainKafkaTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopic("observations", 2, false);
        kafka.createTopic("models", 1, true);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static Model model(long version) {
        ModelConfig c = ModelConfig.univariate(CellType.GRU, 4, 1, Transform.NONE);
        return new Model(c, Weights.zeros(c), version, Provenance.untrained("v" + version));
    }

    @Test
    void historyIsParsedLikeTheJobOrderedPerKeyWithDuplicatesAndBadRecordsCountedAndFiltered() throws Exception {
        long t0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        try (var p = producer()) {
            for (int t = 9; t >= 0; t--) { // sent newest first: the trainer must order them
                for (String key : List.of("a", "b")) {
                    String json = "{\"key\":\"" + key + "\",\"ts\":" + (t0 + t * 1000L) + ",\"value\":" + t + "}";
                    p.send(new ProducerRecord<>("observations", key.getBytes(), json.getBytes()));
                }
            }
            p.send(new ProducerRecord<>(
                    "observations",
                    "a".getBytes(),
                    ("{\"key\":\"a\",\"ts\":" + t0 + ",\"value\":99}")
                            .getBytes())); // duplicate timestamp: the first one read wins
            p.send(new ProducerRecord<>("observations", "a".getBytes(), "{not json".getBytes()));
            p.send(new ProducerRecord<>(
                    "observations", "b".getBytes(), "{\"key\":\"b\",\"ts\":1,\"value\":NaN}".getBytes()));
            p.flush();
        }
        History all = KafkaHistory.read(
                kafka.bootstrapServers(), "observations", List.of("value"), "value", Long.MIN_VALUE, Long.MAX_VALUE, 0);
        assertThat(all.series()).extracting(History.Series::key).containsExactlyInAnyOrder("a", "b");
        assertThat(all.badRows()).isEqualTo(3);
        History.Series a = all.series().stream()
                .filter(s -> s.key().equals("a"))
                .findFirst()
                .orElseThrow();
        assertThat(a.ts()).isSorted().hasSize(10);
        assertThat(a.values()[0][0]).isEqualTo(0.0);

        History window = KafkaHistory.read(
                kafka.bootstrapServers(), "observations", List.of("value"), "value", t0 + 2000, t0 + 8000, 3);
        for (History.Series s : window.series()) {
            assertThat(Arrays.stream(s.values()).mapToDouble(v -> v[0]).toArray())
                    .containsExactly(5.0, 6.0, 7.0);
        }
    }

    @Test
    void theChampionIsTheNewestModelThatOpensAndPublishingAppendsOne() throws Exception {
        try (var p = producer()) {
            p.send(new ProducerRecord<>("models", ModelPublisher.RECORD_KEY, ModelPayloads.seal(model(3), KEY)));
            p.send(new ProducerRecord<>(
                    "models", ModelPublisher.RECORD_KEY, ModelPayloads.seal(model(9), "x".getBytes())));
            p.send(new ProducerRecord<>("models", ModelPublisher.RECORD_KEY, "garbage".getBytes()));
            p.flush();
        }
        var out = TrainFixtures.quiet();
        assertThat(ModelsTopic.newest(kafka.bootstrapServers(), "models", KEY, 1 << 20, out)
                        .version())
                .isEqualTo(3);
        ModelsTopic.publish(kafka.bootstrapServers(), "models", ModelPayloads.seal(model(4), KEY));
        assertThat(ModelsTopic.newest(kafka.bootstrapServers(), "models", KEY, 1 << 20, out)
                        .version())
                .isEqualTo(4);
        // without a key, the wrongly signed v9 opens too (its trailer is not checked)
        assertThat(ModelsTopic.newest(kafka.bootstrapServers(), "models", null, 1 << 20, out)
                        .version())
                .isEqualTo(9);
        assertThat(ModelsTopic.newest(kafka.bootstrapServers(), "no-such-topic", KEY, 1 << 20, out))
                .isNull();
    }
}

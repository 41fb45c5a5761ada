package dev.streamcast.jobs.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.streamcast.jobs.data.LongCsv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Streams a long-format CSV file into the observations topic as JSON records, in timestamp order across keys, at a
 * given rate. The record key is the series key, so one series stays on one partition and in order.
 */
public final class Replayer {
    private final JsonFactory json = new JsonFactory();

    /** Rows of a table in timestamp order across keys (file order among equal timestamps). */
    public static List<LongCsv.Row> inTimeOrder(LongCsv.Table table) {
        List<LongCsv.Row> rows = new ArrayList<>();
        table.bySeries().values().forEach(rows::addAll);
        rows.sort(Comparator.comparingLong(LongCsv.Row::ts).thenComparingLong(LongCsv.Row::line));
        return rows;
    }

    /** One observation as the forecast job reads it: "value" for one column, "values" for several. */
    public byte[] toJson(LongCsv.Row row, List<String> columns) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("key", row.key());
            g.writeStringField("ts", Instant.ofEpochMilli(row.ts()).toString());
            if (columns.size() == 1) {
                g.writeNumberField("value", row.values()[0]);
            } else {
                g.writeObjectFieldStart("values");
                for (int i = 0; i < columns.size(); i++) {
                    g.writeNumberField(columns.get(i), row.values()[i]);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Sends the rows to {@code topic}; {@code perSecond} ≤ 0 sends as fast as the producer allows. Calls
     * {@code progress} with the number sent after each record. Blocks until every record is acknowledged.
     */
    public void replay(
            String bootstrapServers,
            String topic,
            List<LongCsv.Row> rows,
            List<String> columns,
            double perSecond,
            LongConsumer progress)
            throws InterruptedException {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long sent = 0;
            for (LongCsv.Row row : rows) {
                if (perSecond > 0) {
                    long due = start + (long) (sent * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.send(
                        new ProducerRecord<>(topic, row.key().getBytes(StandardCharsets.UTF_8), toJson(row, columns)));
                progress.accept(++sent);
            }
            producer.flush();
        }
    }
}

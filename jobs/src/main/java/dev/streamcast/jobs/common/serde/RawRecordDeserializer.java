package dev.streamcast.jobs.common.serde;

import dev.streamcast.jobs.common.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka observations as {@link RawRecord}s: the value's bytes untouched, with topic, partition and offset, so that
 * parsing (and its failures) happen in an operator that can send bad records to the dead-letter output. A null value
 * (tombstone) becomes an empty record, which the parser rejects. A value larger than {@code maxRecordBytes} is cut
 * to its first {@link RawRecord#EXCERPT_BYTES} here, with its real size, so that it travels no further (it is
 * dead-lettered as too large).
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

    private static final byte[] EMPTY = new byte[0];
    private final int maxRecordBytes;

    /** Keeps every record whole. */
    public RawRecordDeserializer() {
        this(Integer.MAX_VALUE);
    }

    public RawRecordDeserializer(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        byte[] value = record.value();
        RawRecord r = new RawRecord(value == null ? EMPTY : value, record.topic(), record.partition(), record.offset());
        out.collect(r.size() > maxRecordBytes ? r.excerpt() : r);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}

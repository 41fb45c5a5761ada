package dev.streamcast.jobs.common.serde;

import dev.streamcast.jobs.common.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka observations as {@link RawRecord}s: the value's bytes untouched, with topic, partition and offset, so that
 * parsing (and its failures) happen in an operator that can send bad records to the dead-letter output. A null value
 * (tombstone) becomes an empty record, which the parser rejects.
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

    private static final byte[] EMPTY = new byte[0];

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        byte[] value = record.value();
        out.collect(new RawRecord(value == null ? EMPTY : value, record.topic(), record.partition(), record.offset()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}

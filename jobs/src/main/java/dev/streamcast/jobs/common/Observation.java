package dev.streamcast.jobs.common;

import java.util.Arrays;

/**
 * One parsed observation of one series. A Flink POJO (public fields, public no-arg constructor), serialized without
 * Kryo. It keeps where it came from and its original bytes so that a later stage (late, duplicate) can still send it
 * to the dead-letter output whole.
 */
public class Observation {
    /** Series key, e.g. "AAPL". */
    public String key;
    /** Event time, epoch milliseconds. */
    public long ts;
    /** Feature values in the model's feature order [F]; the target among them. */
    public double[] values;
    /** Original record bytes. */
    public byte[] raw;
    /** Source coordinates (topic, partition, offset); topic "" and -1 when not from Kafka. */
    public String topic = "";

    public int partition = -1;
    public long offset = -1;

    public Observation() {}

    public Observation(String key, long ts, double[] values, byte[] raw, String topic, int partition, long offset) {
        this.key = key;
        this.ts = ts;
        this.values = values;
        this.raw = raw;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    public String getKey() {
        return key;
    }

    @Override
    public String toString() {
        return "Observation{" + key + "@" + ts + " " + Arrays.toString(values) + "}";
    }
}

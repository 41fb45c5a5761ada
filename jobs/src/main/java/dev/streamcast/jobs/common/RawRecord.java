package dev.streamcast.jobs.common;

import java.util.Arrays;

/**
 * A record as read from a topic, not yet parsed: bytes and coordinates. A Flink POJO. A record larger than the job's
 * --max-record-bytes may arrive cut by the source: then {@link #bytes} holds its beginning and {@link #size} its
 * real length.
 */
public class RawRecord {
    public byte[] bytes;
    /** The record's length in bytes as it was on the topic (&gt;= bytes.length); 0 = bytes.length. */
    public int size;

    public String topic = "";
    public int partition = -1;
    public long offset = -1;

    /**
     * The observation the source's timestamp assigner already read from this record and admitted, for the parse
     * operator chained behind it, so that each record is parsed once (see {@code ObservationGate#admit}). Transient:
     * not a POJO field, never serialized nor copied; a copy (object reuse off) is parsed again.
     */
    public transient Observation admitted;

    public RawRecord() {}

    public RawRecord(byte[] bytes, String topic, int partition, long offset) {
        this.bytes = bytes;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** A record of {@code size} bytes of which {@code bytes} is the beginning. */
    public RawRecord(byte[] bytes, int size, String topic, int partition, long offset) {
        this(bytes, topic, partition, offset);
        this.size = size;
    }

    /** How much of a record that is too large to use is kept: enough to recognise it in a dead letter. */
    public static final int EXCERPT_BYTES = 1024;

    /** This record with only its first {@link #EXCERPT_BYTES} bytes (itself if it is not longer). */
    public RawRecord excerpt() {
        if (bytes == null || bytes.length <= EXCERPT_BYTES) {
            return this;
        }
        return new RawRecord(Arrays.copyOf(bytes, EXCERPT_BYTES), size(), topic, partition, offset);
    }

    /** The record's length on the topic. */
    public int size() {
        return Math.max(size, bytes == null ? 0 : bytes.length);
    }
}

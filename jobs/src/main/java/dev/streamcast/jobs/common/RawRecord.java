package dev.streamcast.jobs.common;

/** A record as read from a topic, not yet parsed: bytes and coordinates. A Flink POJO. */
public class RawRecord {
    public byte[] bytes;
    public String topic = "";
    public int partition = -1;
    public long offset = -1;

    public RawRecord() {}

    public RawRecord(byte[] bytes, String topic, int partition, long offset) {
        this.bytes = bytes;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }
}

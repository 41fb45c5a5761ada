package dev.streamcast.jobs.common;

/** A record that could not be used, with its original bytes, where it came from and why. A Flink POJO. */
public class BadRecord {
    /** The record's bytes, or their beginning when the record was too large to keep ({@link #size} is larger). */
    public byte[] raw;
    /** The record's length on its topic in bytes; 0 = raw.length. */
    public int size;

    public String topic = "";
    public int partition = -1;
    public long offset = -1;
    /** {@link Reason#name()}. */
    public Reason reason;
    /** Human-readable detail, e.g. "field 'value' is NaN". */
    public String detail = "";
    /** Series key if it could be read, else null. */
    public String key;

    public BadRecord() {}

    public static BadRecord of(RawRecord r, Reason reason, String detail, String key) {
        BadRecord b = new BadRecord();
        b.raw = r.bytes;
        b.size = r.size();
        b.topic = r.topic;
        b.partition = r.partition;
        b.offset = r.offset;
        b.reason = reason;
        b.detail = detail;
        b.key = key;
        return b;
    }

    public static BadRecord of(Observation o, Reason reason, String detail) {
        BadRecord b = new BadRecord();
        b.raw = o.raw;
        b.size = o.raw == null ? 0 : o.raw.length;
        b.topic = o.topic;
        b.partition = o.partition;
        b.offset = o.offset;
        b.reason = reason;
        b.detail = detail;
        b.key = o.key;
        return b;
    }
}

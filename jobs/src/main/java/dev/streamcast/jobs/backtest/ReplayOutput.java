package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;

/**
 * What the replay job hands back for one observation: the forecast the operator made at it (of the key's next
 * value), or, for an observation it dead-lettered, the CSV line and reason. A Flink POJO.
 */
public class ReplayOutput {
    public String key;
    /** The observation's timestamp (epoch ms). */
    public long ts;
    /** Forecast of the key's next value (original units); NaN for a dead letter. */
    public double forecast = Double.NaN;
    public long modelVersion;
    /** CSV line of a dead-lettered observation, -1 for a forecast. */
    public long line = -1;
    /** Reason and detail of a dead letter, "" for a forecast. */
    public String reason = "";

    public ReplayOutput() {}

    static ReplayOutput of(Forecast f) {
        ReplayOutput o = new ReplayOutput();
        o.key = f.key;
        o.ts = f.ts;
        o.forecast = f.forecast;
        o.modelVersion = f.modelVersion;
        return o;
    }

    static ReplayOutput of(BadRecord b) {
        ReplayOutput o = new ReplayOutput();
        o.key = b.key;
        o.line = b.offset;
        o.reason = b.reason + ": " + b.detail;
        return o;
    }
}

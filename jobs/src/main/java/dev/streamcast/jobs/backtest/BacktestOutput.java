package dev.streamcast.jobs.backtest;

/**
 * What the replay job hands back for one observation, as read back from {@link OutputFileSink}'s files: the forecast
 * the operator made at it (of the key's next value), or, for an observation it dead-lettered, the CSV line and
 * reason.
 */
public class BacktestOutput {
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
    /** The forecast's prediction-interval bounds per level (sorted), null when it had none. */
    public double[] lower;

    public double[] upper;
    /** With --horizon H &gt; 1: the forecast path of steps 1 .. H made at this observation, else null. */
    public double[] path;

    public BacktestOutput() {}
}

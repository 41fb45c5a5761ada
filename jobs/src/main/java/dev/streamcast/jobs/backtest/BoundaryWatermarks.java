package dev.streamcast.jobs.backtest;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the retraining replay's models side: right after model k (0-based) it emits the watermark
 * T_{k+1} - 1, the last instant model k serves (Long.MAX_VALUE after the last model). Before model 0 it emits none,
 * so no observation is applied before the first model is in the operator's broadcast state.
 */
final class BoundaryWatermarks implements WatermarkGenerator<byte[]> {
    private final long[] times;
    private int seen;

    private BoundaryWatermarks(long[] times) {
        this.times = times;
    }

    static WatermarkStrategy<byte[]> strategy(long[] times) {
        long[] copy = times.clone();
        return WatermarkStrategy.<byte[]>forGenerator(ctx -> new BoundaryWatermarks(copy))
                .withTimestampAssigner((model, previous) -> Long.MIN_VALUE);
    }

    @Override
    public void onEvent(byte[] model, long timestamp, WatermarkOutput output) {
        output.emitWatermark(new Watermark(seen < times.length ? times[seen] - 1 : Long.MAX_VALUE));
        seen++;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
}

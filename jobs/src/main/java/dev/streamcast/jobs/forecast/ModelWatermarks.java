package dev.streamcast.jobs.forecast;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The watermark strategy for the models source. The forecast operator has two inputs and its event time is the
 * minimum of both; a models topic that emits no watermarks (or sees one update a week) would hold it at
 * Long.MIN_VALUE and the reordering timers (out-of-orderness &gt; 0) would never fire. Models are not events in
 * time, so their side declares "no more event time to wait for": a watermark of Long.MAX_VALUE.
 */
public final class ModelWatermarks {
    private ModelWatermarks() {}

    /** A strategy whose generator emits Long.MAX_VALUE at once and on every periodic emit. */
    public static WatermarkStrategy<byte[]> strategy() {
        return WatermarkStrategy.forGenerator(ctx -> new EndOfTime());
    }

    private static final class EndOfTime implements WatermarkGenerator<byte[]> {
        private boolean sent;

        @Override
        public void onEvent(byte[] event, long eventTimestamp, WatermarkOutput output) {
            emit(output);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            emit(output);
        }

        private void emit(WatermarkOutput output) {
            if (!sent) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
                sent = true;
            }
        }
    }
}

package dev.streamcast.jobs.forecast;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** PLACEHOLDER in branch kafka only (the real one comes from branch fn); deleted before merging main. */
public final class ModelWatermarks {
    private ModelWatermarks() {}

    public static WatermarkStrategy<byte[]> strategy() {
        return WatermarkStrategy.noWatermarks();
    }
}

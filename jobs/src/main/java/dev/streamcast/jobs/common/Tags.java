package dev.streamcast.jobs.common;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** Side outputs shared by the job's functions. */
public final class Tags {
    private Tags() {}

    /** Records that could not be used, with their reason; every function that drops data sends it here. */
    public static final OutputTag<BadRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(BadRecord.class));
}

package dev.streamcast.jobs.forecast;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.model.prep.ScalerState;
import org.junit.jupiter.api.Test;

/** Every state and record type is a Flink POJO serialized without Kryo (the job runs with generic types off). */
class PojoSerializationTest {

    /**
     * The job keeps SeriesState with its own SeriesStateSerializer; it stays a POJO because the state of releases up
     * to 2b2cccb was written by the POJO serializer, which Flink restores from its snapshot to migrate that state.
     */
    @Test
    void seriesStateAndItsScalerStateArePojos() {
        assertSerializedAsPojoWithoutKryo(SeriesState.class);
        assertSerializedAsPojoWithoutKryo(ScalerState.class);
    }

    @Test
    void theRecordTypesArePojos() {
        assertSerializedAsPojoWithoutKryo(Observation.class);
        assertSerializedAsPojoWithoutKryo(Forecast.class);
        assertSerializedAsPojoWithoutKryo(BadRecord.class);
        assertSerializedAsPojoWithoutKryo(RawRecord.class);
    }
}

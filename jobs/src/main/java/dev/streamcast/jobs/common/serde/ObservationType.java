package dev.streamcast.jobs.common.serde;

import dev.streamcast.jobs.common.Observation;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of the parsed observations stream, whose records cross the keyBy: serialized by
 * {@link ObservationSerializer}. Given to the parse operator explicitly; {@code TypeInformation.of(Observation.class)}
 * still means the POJO serializer (the pending-observations state uses that one).
 */
public final class ObservationType extends TypeInformation<Observation> {
    private static final long serialVersionUID = 1L;

    public static final ObservationType INSTANCE = new ObservationType();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Observation> getTypeClass() {
        return Observation.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Observation> createSerializer(SerializerConfig config) {
        return ObservationSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "Observation (ObservationSerializer)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObservationType;
    }

    @Override
    public int hashCode() {
        return ObservationType.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ObservationType;
    }
}

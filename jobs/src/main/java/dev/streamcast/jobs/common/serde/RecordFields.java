package dev.streamcast.jobs.common.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/** The fields read so far from one record; reused from record to record. */
final class RecordFields {
    String key;
    boolean keyNotText;
    boolean hasTs;
    long ts;
    String tsText;
    boolean valueSeen;
    double value;
    boolean valuesSeen;
    final double[] values;
    final boolean[] has;
    int count;
    String unknown;
    String nonFinite;

    RecordFields(int n) {
        values = new double[n];
        has = new boolean[n];
    }

    RecordFields reset() {
        key = null;
        keyNotText = false;
        hasTs = false;
        tsText = null;
        valueSeen = false;
        valuesSeen = false;
        Arrays.fill(has, false);
        count = 0;
        unknown = null;
        nonFinite = null;
        return this;
    }

    void readKey(JsonParser p, JsonToken v) throws IOException {
        key = null;
        keyNotText = false;
        if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
            key = p.getText().strip();
        } else if (v != JsonToken.VALUE_NULL) {
            keyNotText = true;
            p.skipChildren();
        }
    }

    void readTs(JsonParser p, JsonToken v) throws IOException {
        hasTs = false;
        tsText = null;
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        long t = Timestamps.read(p, v);
        if (t != Timestamps.INVALID) {
            hasTs = true;
            ts = t;
        } else {
            tsText = v.isScalarValue() ? p.getText() : v.toString();
            p.skipChildren();
        }
    }
}

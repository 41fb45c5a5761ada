package dev.streamcast.model.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Appends little-endian primitives and length-prefixed UTF-8 strings to a growing byte array. */
final class ByteWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

    void bytes(byte[] b) {
        out.write(b, 0, b.length);
    }

    void i32(int v) {
        scratch.clear();
        out.write(scratch.putInt(v).array(), 0, 4);
    }

    void i64(long v) {
        scratch.clear();
        out.write(scratch.putLong(v).array(), 0, 8);
    }

    void f64(double v) {
        scratch.clear();
        out.write(scratch.putDouble(v).array(), 0, 8);
    }

    /** i32 byte length, then the UTF-8 bytes. */
    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        i32(b.length);
        bytes(b);
    }

    void floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        bytes(b.array());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}

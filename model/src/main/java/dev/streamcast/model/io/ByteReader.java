package dev.streamcast.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads little-endian primitives from {@code bytes[0, limit)}. Every read first checks that enough bytes remain and
 * otherwise throws a {@link ModelFormatException} naming the field, its offset, and how many bytes were left; a
 * length read from the file is checked against the remaining bytes before anything is allocated.
 */
final class ByteReader {
    private final ByteBuffer buf;

    ByteReader(byte[] bytes, int offset) {
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(offset);
    }

    int position() {
        return buf.position();
    }

    int remaining() {
        return buf.remaining();
    }

    private void need(long n, String what) {
        if (buf.remaining() < n) {
            throw new ModelFormatException("truncated: expected " + n + " bytes of " + what + ", found "
                    + buf.remaining() + " (at offset " + buf.position() + ")");
        }
    }

    int i32(String what) {
        need(4, what);
        return buf.getInt();
    }

    long i64(String what) {
        need(8, what);
        return buf.getLong();
    }

    double f64(String what) {
        need(8, what);
        return buf.getDouble();
    }

    String string(String what) {
        return string(what, Integer.MAX_VALUE);
    }

    /** A string of at most {@code max} bytes (checked before allocating). */
    String string(String what, int max) {
        int at = buf.position();
        int n = i32(what + " length");
        if (n > max && n <= buf.remaining()) {
            throw new ModelFormatException("corrupt: " + what + " at offset " + at + " claims " + n
                    + " bytes, more than the " + max + " allowed");
        }
        if (n < 0 || n > buf.remaining()) {
            throw new ModelFormatException("corrupt or truncated: " + what + " at offset " + at + " claims " + n
                    + " bytes, but only " + buf.remaining() + " remain");
        }
        byte[] b = new byte[n];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Checks that a count read from the file can be followed by at least count * minBytesEach bytes. */
    int count(String what, int minBytesEach) {
        int at = buf.position();
        int n = i32(what);
        if (n < 0 || (long) n * minBytesEach > buf.remaining()) {
            throw new ModelFormatException("corrupt or truncated: " + what + " at offset " + at + " is " + n
                    + ", which needs at least " + (long) n * minBytesEach + " bytes, but only " + buf.remaining()
                    + " remain");
        }
        return n;
    }

    float[] floats(int n, String what) {
        need(4L * n, what);
        float[] f = new float[n];
        buf.asFloatBuffer().get(f);
        buf.position(buf.position() + 4 * n);
        return f;
    }
}

package dev.streamcast.model.step;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The compact binary form of one series' recurrent state (see {@link StreamingModel} for the layout):
 * <pre>
 *   int32   n        number of floats, little-endian
 *   float32 v[n]     IEEE 754 bits, little-endian
 * </pre>
 * 4 + 4n bytes, nothing else; the model version and shape that give the floats their meaning live next to the state,
 * not inside it. Decoding checks the prefix against the byte count (and against an expected size when given) and
 * says what is wrong. {@link #encode(float[], byte[], int)} and {@link #decodeInto} allocate nothing.
 */
public final class StateCodec {
    private StateCodec() {}

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bytes needed for a state of n floats. */
    public static int encodedSize(int n) {
        return 4 + 4 * n;
    }

    /** The state as 4 + 4n bytes. */
    public static byte[] encode(float[] state) {
        byte[] out = new byte[encodedSize(state.length)];
        encode(state, out, 0);
        return out;
    }

    /** Writes the state into {@code out} at {@code off}; returns the offset after it. */
    public static int encode(float[] state, byte[] out, int off) {
        if (off < 0 || out.length - off < encodedSize(state.length)) {
            throw new IllegalArgumentException(
                    "out: need " + encodedSize(state.length) + " bytes at offset " + off + ", array has " + out.length);
        }
        INT.set(out, off, state.length);
        int p = off + 4;
        for (float v : state) {
            FLOAT.set(out, p, v);
            p += 4;
        }
        return p;
    }

    /** Decodes a state of any size. */
    public static float[] decode(byte[] bytes) {
        float[] state = new float[checkedCount(bytes, -1)];
        read(bytes, state);
        return state;
    }

    /** Decodes a state that must hold {@code expectedFloats} floats (e.g. {@code config.stateSize()}). */
    public static float[] decode(byte[] bytes, int expectedFloats) {
        float[] state = new float[checkedCount(bytes, expectedFloats)];
        read(bytes, state);
        return state;
    }

    /** Decodes into an existing array, whose length is the expected size. */
    public static void decodeInto(byte[] bytes, float[] state) {
        checkedCount(bytes, state.length);
        read(bytes, state);
    }

    private static int checkedCount(byte[] bytes, int expected) {
        if (bytes == null) {
            throw new IllegalArgumentException("state bytes: null");
        }
        if (bytes.length < 4) {
            throw new IllegalArgumentException(
                    "state bytes: too short for the 4-byte length prefix, found " + bytes.length + " bytes");
        }
        int n = (int) INT.get(bytes, 0);
        if (n < 0) {
            throw new IllegalArgumentException("state bytes: negative float count " + n);
        }
        long needed = 4L + 4L * n;
        if (needed != bytes.length) {
            throw new IllegalArgumentException("state bytes: prefix says " + n + " floats (" + needed
                    + " bytes), found " + bytes.length + " bytes");
        }
        if (expected >= 0 && n != expected) {
            throw new IllegalArgumentException("state bytes: expected " + expected + " floats (stateSize), found " + n);
        }
        return n;
    }

    private static void read(byte[] bytes, float[] state) {
        int p = 4;
        for (int k = 0; k < state.length; k++) {
            state[k] = (float) FLOAT.get(bytes, p);
            p += 4;
        }
    }
}

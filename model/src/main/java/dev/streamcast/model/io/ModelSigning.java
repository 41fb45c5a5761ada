package dev.streamcast.model.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated model updates: a signed payload is the model file followed by a trailer
 * <pre>
 *   model file bytes          n bytes
 *   HMAC-SHA256(key, model)   32 bytes
 *   magic "SCSIG001"          8 bytes
 * </pre>
 * The trailer sits at the end so that an unsigned model file is recognisably unsigned (no trailing magic). With a key
 * configured, the forecast job accepts only payloads whose tag verifies (constant-time comparison); without one it
 * accepts plain model files and strips a trailer it cannot check only if asked to.
 */
public final class ModelSigning {
    private ModelSigning() {}

    private static final byte[] MAGIC = "SCSIG001".getBytes(StandardCharsets.US_ASCII);
    private static final int TAG = 32;
    /** Bytes the trailer adds. */
    public static final int TRAILER = TAG + 8;

    /** Appends the HMAC-SHA256 trailer to a model file. */
    public static byte[] sign(byte[] model, byte[] key) {
        byte[] tag = hmac(model, key);
        return ByteBuffer.allocate(model.length + TRAILER)
                .put(model)
                .put(tag)
                .put(MAGIC)
                .array();
    }

    /** Whether the payload carries a signature trailer (it is not checked). */
    public static boolean isSigned(byte[] payload) {
        return payload.length >= TRAILER
                && Arrays.equals(payload, payload.length - MAGIC.length, payload.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * Checks a signed payload and returns the model file inside it.
     *
     * @throws ModelFormatException "model is not signed" or "model signature does not verify"
     */
    public static byte[] verify(byte[] payload, byte[] key) {
        if (!isSigned(payload)) {
            throw new ModelFormatException("model is not signed, and a signing key is configured");
        }
        int n = payload.length - TRAILER;
        byte[] model = Arrays.copyOfRange(payload, 0, n);
        byte[] tag = Arrays.copyOfRange(payload, n, n + TAG);
        if (!MessageDigest.isEqual(tag, hmac(model, key))) {
            throw new ModelFormatException("model signature does not verify (wrong key or altered payload)");
        }
        return model;
    }

    /** The model file inside a payload, signed or not, without checking any signature. */
    public static byte[] unwrap(byte[] payload) {
        return isSigned(payload) ? Arrays.copyOfRange(payload, 0, payload.length - TRAILER) : payload;
    }

    private static byte[] hmac(byte[] data, byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("signing key must not be empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

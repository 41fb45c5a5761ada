package dev.streamcast.jobs.common;

import dev.streamcast.model.Model;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.io.ModelFormatException;
import dev.streamcast.model.io.ModelSigning;

/**
 * Model payloads as they travel on the models topic: a model file, optionally followed by an HMAC-SHA256 trailer
 * ({@link ModelSigning}). The one place where the trainer seals a model and where the forecast job (and the trainer
 * reading its champion) admits one: size first, then the signature, and only then the decoder, so an oversized or
 * untrusted payload is never parsed.
 */
public final class ModelPayloads {
    private ModelPayloads() {}

    /** Default limit on a payload's size: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    /** The model file, signed when {@code keyOrNull} is set. */
    public static byte[] seal(Model model, byte[] keyOrNull) {
        byte[] file = ModelCodec.encode(model);
        return keyOrNull == null ? file : ModelSigning.sign(file, keyOrNull);
    }

    /**
     * Why the payload must be refused before decoding (empty, larger than {@code maxBytes}, unsigned or wrongly
     * signed while a key is set), or null if it may be decoded. Never throws.
     */
    public static String refusal(byte[] payload, byte[] keyOrNull, long maxBytes) {
        if (payload == null || payload.length == 0) {
            return "empty model payload";
        }
        if (payload.length > maxBytes) {
            return "model payload of " + payload.length + " bytes exceeds max-model-bytes = " + maxBytes
                    + "; not decoded";
        }
        if (keyOrNull != null) {
            try {
                ModelSigning.verify(payload, keyOrNull);
            } catch (ModelFormatException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    /**
     * Checks and decodes a payload. Without a key a signature trailer is stripped unchecked.
     *
     * @throws ModelFormatException with {@link #refusal}'s reason, or the decoder's
     */
    public static Model open(byte[] payload, byte[] keyOrNull, long maxBytes) {
        String refused = refusal(payload, keyOrNull, maxBytes);
        if (refused != null) {
            throw new ModelFormatException(refused);
        }
        return ModelCodec.decode(ModelSigning.unwrap(payload));
    }
}

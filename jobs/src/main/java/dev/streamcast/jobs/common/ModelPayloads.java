package dev.streamcast.jobs.common;

import dev.streamcast.model.Model;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.io.ModelFormatException;
import dev.streamcast.model.io.ModelSigning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Model payloads as they travel on the models topic: a model file, optionally followed by an HMAC-SHA256 trailer
 * ({@link ModelSigning}). The one place where the trainer seals a model and where the forecast job (and the trainer
 * reading its champion) admits one: size first, then the signature, and only then the decoder, so an oversized or
 * untrusted payload is never parsed.
 */
public final class ModelPayloads {
    private ModelPayloads() {}

    /** The environment variable holding the model signing key when {@code --model-key} is not given. */
    public static final String KEY_ENV = "STREAMCAST_MODEL_KEY";

    /**
     * The signing key: {@code option} (the value of {@code --model-key}, null when not given), else the environment's
     * {@link #KEY_ENV}, else null. An empty key is refused wherever it comes from (the option's parser refuses an
     * empty {@code --model-key}).
     *
     * @throws IllegalArgumentException if {@link #KEY_ENV} is set but blank
     */
    public static byte[] key(String option, Map<String, String> env) {
        String key = option;
        if (key == null) {
            key = env.get(KEY_ENV);
            if (key != null && key.isBlank()) {
                throw new IllegalArgumentException("environment variable " + KEY_ENV
                        + " is set but empty; unset it or give a key (e.g. openssl rand -base64 32)");
            }
        }
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    /** Default limit on a payload's size: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;

    /**
     * Writes {@link #seal}{@code (model, keyOrNull)} to {@code file}: to a temporary file beside it first, then moved
     * into place (atomically where the file system allows), so that no reader sees half a model.
     */
    public static void write(Model model, byte[] keyOrNull, Path file) throws IOException {
        writeAtomically(file, seal(model, keyOrNull));
    }

    /** Writes {@code payload} through a temporary file beside {@code file}, moved into place. */
    public static void writeAtomically(Path file, byte[] payload) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, payload);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The model file, signed when {@code keyOrNull} is set. */
    public static byte[] seal(Model model, byte[] keyOrNull) {
        byte[] file = ModelCodec.encode(model);
        return keyOrNull == null ? file : ModelSigning.sign(file, keyOrNull);
    }

    /**
     * The trainer's rule (it reads its champion with this): with a key a valid signature is required, without one
     * any payload within the size is decoded. Same as {@code refusal(payload, key, maxBytes, key == null)}.
     */
    public static String refusal(byte[] payload, byte[] keyOrNull, long maxBytes) {
        return refusal(payload, keyOrNull, maxBytes, keyOrNull == null);
    }

    /**
     * Why the payload must be refused before decoding, or null if it may be decoded. Never throws. In order: empty;
     * larger than {@code maxBytes}; signed but the signature does not verify with the key (or there is no key to check
     * it); unsigned while {@code allowUnsigned} is false (with or without a key: models are signed by default).
     */
    public static String refusal(byte[] payload, byte[] keyOrNull, long maxBytes, boolean allowUnsigned) {
        if (payload == null || payload.length == 0) {
            return "empty model payload";
        }
        if (payload.length > maxBytes) {
            return "model payload of " + payload.length + " bytes exceeds max-model-bytes = " + maxBytes
                    + "; not decoded";
        }
        if (ModelSigning.isSigned(payload)) {
            if (keyOrNull != null) {
                try {
                    ModelSigning.verify(payload, keyOrNull);
                } catch (ModelFormatException e) {
                    return e.getMessage();
                }
            } else if (!allowUnsigned) {
                return "model is signed, but no signing key is configured to check it (give --model-key)";
            }
        } else if (!allowUnsigned) {
            return keyOrNull != null
                    ? "model is not signed, and a signing key is configured"
                    : "model is not signed; unsigned models are refused unless --allow-unsigned-models is given";
        }
        return null;
    }

    /**
     * Checks and decodes a payload. Without a key a signature trailer is stripped unchecked.
     *
     * @throws ModelFormatException with {@link #refusal}'s reason, or the decoder's
     */
    public static Model open(byte[] payload, byte[] keyOrNull, long maxBytes) {
        return open(payload, keyOrNull, maxBytes, keyOrNull == null);
    }

    /**
     * Checks ({@link #refusal(byte[], byte[], long, boolean)}) and decodes a payload.
     *
     * @throws ModelFormatException with the refusal's reason, or the decoder's
     */
    public static Model open(byte[] payload, byte[] keyOrNull, long maxBytes, boolean allowUnsigned) {
        String refused = refusal(payload, keyOrNull, maxBytes, allowUnsigned);
        if (refused != null) {
            throw new ModelFormatException(refused);
        }
        return ModelCodec.decode(ModelSigning.unwrap(payload));
    }
}

package dev.streamcast.model.io;

import dev.streamcast.model.Model;

/**
 * The model file: a versioned binary format with magic bytes, format version, configuration, model version,
 * provenance, weights and a SHA-256 checksum. No Java serialization.
 *
 * <p>STUB: the signatures are the contract; the implementation lands with the model-file work.
 */
public final class ModelCodec {
    private ModelCodec() {}

    public static byte[] encode(Model model) {
        throw new UnsupportedOperationException("stub");
    }

    /** @throws ModelFormatException naming what is wrong (truncated, checksum, magic, version, shape) */
    public static Model decode(byte[] bytes) {
        throw new UnsupportedOperationException("stub");
    }
}

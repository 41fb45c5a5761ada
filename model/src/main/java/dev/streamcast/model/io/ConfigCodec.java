package dev.streamcast.model.io;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import java.util.ArrayList;
import java.util.List;

/** The configuration block of the model file, gate order included (field order: see docs/model-format.md). */
final class ConfigCodec {
    private ConfigCodec() {}

    /** The gate order written to the file for each cell (see {@link dev.streamcast.model.Gates}). */
    static String gateOrder(CellType cell) {
        return switch (cell) {
            case LSTM -> "i,f,g,o";
            case PEEPHOLE -> "i,f,g,o;peepholes p_i,p_f,p_o";
            case GRU -> "r,z,n;reset-after";
            case RNN -> "a";
        };
    }

    static void write(ModelConfig c, int format, ByteWriter w) {
        w.string(c.cell().name());
        w.i32(c.inputSize());
        w.i32(c.hiddenSize());
        w.i32(c.layers());
        c.featureNames().forEach(w::string);
        w.i32(c.targetIndex());
        c.transforms().forEach(t -> w.string(t.name()));
        w.i32(c.scalerWindow());
        if (format >= 2) {
            w.i32(c.season());
        }
        w.string(gateOrder(c.cell()));
    }

    /** The fields as read, interpreted only by {@link #build()} (after the checksum has been verified). */
    record Raw(
            String cell,
            int inputSize,
            int hiddenSize,
            int layers,
            List<String> names,
            int targetIndex,
            List<String> transforms,
            int scalerWindow,
            int season,
            String gates) {

        ModelConfig build() {
            ModelConfig config;
            try {
                List<Transform> ts = new ArrayList<>(transforms.size());
                for (String t : transforms) {
                    ts.add(Transform.parse(t));
                }
                config = new ModelConfig(
                        CellType.parse(cell),
                        inputSize,
                        hiddenSize,
                        layers,
                        names,
                        targetIndex,
                        ts,
                        scalerWindow,
                        season);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("invalid configuration: " + e.getMessage(), e);
            }
            if (!gates.equals(gateOrder(config.cell()))) {
                throw new ModelFormatException("unsupported gate order '" + gates + "' for " + config.cell()
                        + " (this build uses '" + gateOrder(config.cell()) + "')");
            }
            return config;
        }
    }

    static Raw read(ByteReader r, int format) {
        String cell = r.string("cell");
        int f = r.i32("inputSize");
        int h = r.i32("hiddenSize");
        int l = r.i32("layers");
        // each feature has a name and a transform, each at least a 4-byte length
        if (f < 0 || 8L * f > r.remaining()) {
            throw new ModelFormatException("corrupt or truncated: inputSize " + f + " needs at least " + 8L * f
                    + " bytes of feature names and transforms, but only " + r.remaining() + " remain");
        }
        List<String> names = new ArrayList<>(f);
        for (int k = 0; k < f; k++) {
            names.add(r.string("feature name " + k));
        }
        int target = r.i32("targetIndex");
        List<String> transforms = new ArrayList<>(f);
        for (int k = 0; k < f; k++) {
            transforms.add(r.string("transform " + k));
        }
        int window = r.i32("scalerWindow");
        int season = format >= 2 ? r.i32("season") : 1;
        return new Raw(cell, f, h, l, names, target, transforms, window, season, r.string("gate order"));
    }
}

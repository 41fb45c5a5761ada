package dev.streamcast.model.io;

import dev.streamcast.model.Provenance;
import dev.streamcast.model.TrainConfig;

/** The provenance block of the model file (field order: see docs/model-format.md). */
final class ProvenanceCodec {
    private ProvenanceCodec() {}

    static void write(Provenance p, ByteWriter w) {
        w.i64(p.createdAtMillis());
        w.i64(p.dataStartMillis());
        w.i64(p.dataEndMillis());
        w.i32(p.series());
        w.i64(p.points());
        w.i32(p.epochs());
        TrainConfig t = p.train();
        w.i32(t.k1());
        w.i32(t.k2());
        w.i32(t.batchSize());
        w.f64(t.learningRate());
        w.f64(t.clipNorm());
        w.f64(t.l2());
        w.i32(t.maxEpochs());
        w.i32(t.patience());
        w.f64(t.validationFraction());
        w.i64(t.seed());
        w.f64(p.trainLoss());
        w.f64(p.validationLoss());
        w.string(p.source());
    }

    /** The fields as read, validated only by {@link #build()} (after the checksum has been verified). */
    record Raw(
            long createdAt,
            long dataStart,
            long dataEnd,
            int series,
            long points,
            int epochs,
            int k1,
            int k2,
            int batchSize,
            double learningRate,
            double clipNorm,
            double l2,
            int maxEpochs,
            int patience,
            double validationFraction,
            long seed,
            double trainLoss,
            double validationLoss,
            String source) {

        Provenance build() {
            // NaN is "unknown" for a loss; an infinite one (or any non-finite training setting) is corrupt
            if (Double.isInfinite(trainLoss) || Double.isInfinite(validationLoss)) {
                throw new ModelFormatException("invalid provenance: losses must be finite or NaN (unknown), found "
                        + "trainLoss " + trainLoss + " and validationLoss " + validationLoss);
            }
            try {
                TrainConfig train = new TrainConfig(
                        k1, k2, batchSize, learningRate, clipNorm, l2, maxEpochs, patience, validationFraction, seed);
                return new Provenance(
                        createdAt,
                        dataStart,
                        dataEnd,
                        series,
                        points,
                        epochs,
                        train,
                        trainLoss,
                        validationLoss,
                        source);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("invalid provenance: " + e.getMessage(), e);
            }
        }
    }

    static Raw read(ByteReader r) {
        return new Raw(
                r.i64("createdAtMillis"),
                r.i64("dataStartMillis"),
                r.i64("dataEndMillis"),
                r.i32("series"),
                r.i64("points"),
                r.i32("epochs"),
                r.i32("k1"),
                r.i32("k2"),
                r.i32("batchSize"),
                r.f64("learningRate"),
                r.f64("clipNorm"),
                r.f64("l2"),
                r.i32("maxEpochs"),
                r.i32("patience"),
                r.f64("validationFraction"),
                r.i64("seed"),
                r.f64("trainLoss"),
                r.f64("validationLoss"),
                r.string("source"));
    }
}

package dev.streamcast.jobs.train;

import dev.streamcast.model.Model;
import dev.streamcast.model.eval.HoldoutScores;
import dev.streamcast.model.train.ModelFitter;
import dev.streamcast.model.train.TrainResult;
import java.util.List;
import java.util.Map;

/**
 * What one training run decided and why.
 *
 * @param decision the verdict
 * @param candidate the trained model with its would-be version (null if training diverged)
 * @param payload the sealed (possibly signed) model file, set only when {@code decision} is ACCEPTED
 * @param championVersion the champion's version, 0 without one
 * @param scores the gate's scores (null if training diverged)
 * @param result the trainer's result (epochs, loss curves)
 * @param skipped keys left out of training (too short, or cannot be scaled), with the reason
 * @param timingsMillis wall time of each stage (read, prepare, train, score, publish)
 * @param message one line for the console and the report
 */
public record TrainVerdict(
        Decision decision,
        Model candidate,
        byte[] payload,
        long championVersion,
        HoldoutScores scores,
        TrainResult result,
        List<ModelFitter.Skipped> skipped,
        Map<String, Long> timingsMillis,
        String message) {

    /** The verdicts of a run. */
    public enum Decision {
        /** The candidate beat the champion (or there was none, or --force): published / written. */
        ACCEPTED,
        /** The candidate did not beat the champion: nothing published. */
        KEPT_CHAMPION,
        /** Training diverged before any epoch finished with a finite loss: nothing to publish. */
        DIVERGED
    }

    /** The process exit code: 0 for a normal verdict, 3 when training diverged. */
    public int exitCode() {
        return decision == Decision.DIVERGED ? 3 : 0;
    }
}

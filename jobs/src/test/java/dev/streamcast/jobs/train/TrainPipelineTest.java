package dev.streamcast.jobs.train;

import static dev.streamcast.jobs.train.TrainFixtures.seasonal;
import static dev.streamcast.jobs.train.TrainFixtures.settings;
import static dev.streamcast.jobs.train.TrainFixtures.train;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class TrainPipelineTest {
    private static final History DATA = seasonal(3, 600, 0.1, 11);

    @Test
    void sameSeedOnTheSameDataPublishesIdenticalBytes() throws Exception {
        List<byte[]> a = new ArrayList<>();
        List<byte[]> b = new ArrayList<>();
        List<byte[]> c = new ArrayList<>();
        train(settings(), DATA, null, a);
        train(settings(), DATA, null, b);
        train(settings("--seed", "8"), DATA, null, c);
        assertThat(a).hasSize(1);
        assertThat(b.get(0)).isEqualTo(a.get(0));
        assertThat(c.get(0)).isNotEqualTo(a.get(0));
    }

    /**
     * --season and --transform auto: without a champion the period detected on the keys (24 in the fixtures) and
     * the transform chosen on the validation tail; with a champion that forecasts the same target, the champion's shape, so a hot swap keeps every
     * key's scaler and inputs; an explicit --season wins over the champion's.
     */
    @Test
    void autoSeasonDetectsWithoutAChampionAndFollowsTheChampionOtherwise() throws Exception {
        TrainVerdict first = train(settings(), DATA, null, new ArrayList<>());
        assertThat(first.candidate().config().season()).isEqualTo(24);
        assertThat(first.candidate().config().transforms().get(0))
                .isIn(Transform.SEASONAL_DIFF, Transform.DIFF, Transform.LOG_DIFF);

        var plain = settings().modelConfig(List.of("value"), 0); // diff, no season
        Model diffChampion = new Model(plain, Weights.zeros(plain), 5, Provenance.untrained("diff champion"));
        TrainVerdict follows = train(settings(), DATA, diffChampion, new ArrayList<>());
        assertThat(follows.candidate().config()).isEqualTo(plain);

        TrainVerdict explicit = train(settings("--season", "12"), DATA, diffChampion, new ArrayList<>());
        assertThat(explicit.candidate().config().season()).isEqualTo(12);
        assertThat(explicit.candidate().config().transforms().get(0))
                .isIn(Transform.SEASONAL_DIFF, Transform.DIFF, Transform.LOG_DIFF);
    }

    @Test
    void warmStartContinuesFromTheChampionsWeights() throws Exception {
        Model champion =
                train(settings(), DATA, null, new ArrayList<>()).candidate().withVersion(4);
        String[] still = {"--lr", "1e-9", "--epochs", "1", "--seed", "99"};
        TrainVerdict warm = train(settings(append(still, "--warm-start")), DATA, champion, new ArrayList<>());
        TrainVerdict cold = train(settings(still), DATA, champion, new ArrayList<>());
        float[] w0 = champion.weights().toFlat();
        assertThat(maxDiff(warm.candidate().weights().toFlat(), w0)).isLessThan(1e-4);
        assertThat(maxDiff(cold.candidate().weights().toFlat(), w0)).isGreaterThan(1e-2);
        assertThat(warm.result().trainLoss()[0]).isLessThan(cold.result().trainLoss()[0]);
    }

    @Test
    void aDivergedRunIsNeverPublishedEvenWithForce() throws Exception {
        // warm-started from weights of 1e30: the first epoch's loss is not finite, so no epoch can be kept
        Model good = train(settings(), DATA, null, new ArrayList<>()).candidate();
        float[] w = good.weights().toFlat();
        Arrays.fill(w, 1e30f);
        Model absurd = new Model(good.config(), Weights.fromFlat(good.config(), w), 3, good.provenance());
        List<byte[]> published = new ArrayList<>();
        TrainVerdict o = train(settings("--force", "--warm-start"), DATA, absurd, published);
        assertThat(o.decision()).isEqualTo(TrainVerdict.Decision.DIVERGED);
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.payload()).isNull();
        assertThat(published).isEmpty();
        assertThat(o.message()).contains("diverged").contains("before any epoch finished");
    }

    @Test
    void anAbsurdOutlierNoLongerMakesTrainingDiverge() throws Exception {
        History spiky = seasonal(2, 600, 0.1, 12);
        spiky.series().get(0).values()[200][0] = 1e12; // its label is cut to SeriesScaler.LABEL_BOUND
        TrainVerdict o = train(settings("--clip", "0"), spiky, null, new ArrayList<>());
        assertThat(o.decision()).isEqualTo(TrainVerdict.Decision.ACCEPTED);
        assertThat(o.result().diverged()).isFalse();
    }

    @Test
    void aWorseCandidateIsNotPublished() throws Exception {
        Model champion =
                train(settings("--epochs", "10"), DATA, null, new ArrayList<>()).candidate();
        List<byte[]> published = new ArrayList<>();
        TrainVerdict o = train(settings("--epochs", "1", "--lr", "1e-6"), DATA, champion.withVersion(3), published);
        assertThat(o.decision()).isEqualTo(TrainVerdict.Decision.KEPT_CHAMPION);
        // scored as served: both hybrids may serve the same smoothing alone (w = 0), a tie the candidate does not win
        assertThat(o.scores().candidate().mase())
                .isGreaterThanOrEqualTo(o.scores().champion().mase());
        assertThat(published).isEmpty();
        assertThat(o.exitCode()).isZero();
    }

    @Test
    void forcePublishesAWorseCandidateAnyway() throws Exception {
        Model champion =
                train(settings("--epochs", "10"), DATA, null, new ArrayList<>()).candidate();
        List<byte[]> published = new ArrayList<>();
        TrainVerdict o =
                train(settings("--epochs", "1", "--lr", "1e-6", "--force"), DATA, champion.withVersion(3), published);
        assertThat(o.decision()).isEqualTo(TrainVerdict.Decision.ACCEPTED);
        assertThat(ModelPayloads.open(published.get(0), null, Long.MAX_VALUE).version())
                .isEqualTo(4);
    }

    @Test
    void aBetterCandidateIsPublishedWithTheNextVersion() throws Exception {
        var cfg = settings().modelConfig(List.of("value"), 0);
        Model weak = new Model(cfg, Weights.zeros(cfg), 7, Provenance.untrained("sabotaged"));
        List<byte[]> published = new ArrayList<>();
        TrainVerdict o = train(settings(), DATA, weak, published);
        assertThat(o.decision()).isEqualTo(TrainVerdict.Decision.ACCEPTED);
        assertThat(o.scores().candidate().mase())
                .isLessThan(o.scores().champion().mase());
        assertThat(o.scores().candidate().mase()).isLessThan(o.scores().naive().mase());
        assertThat(published).hasSize(1);
        Model m = ModelPayloads.open(published.get(0), null, Long.MAX_VALUE);
        assertThat(m.version()).isEqualTo(8);
        assertThat(m.weights()).isEqualTo(o.candidate().weights());
    }

    @Test
    void withoutAChampionTheFirstModelIsVersionOne() throws Exception {
        List<byte[]> published = new ArrayList<>();
        TrainVerdict o = train(settings(), DATA, null, published);
        assertThat(o.decision()).isEqualTo(TrainVerdict.Decision.ACCEPTED);
        assertThat(o.scores().champion()).isNull();
        assertThat(ModelPayloads.open(published.get(0), null, Long.MAX_VALUE).version())
                .isEqualTo(1);
        assertThat(o.scores().keys()).hasSize(3);
        assertThat(o.scores().candidate().points()).isEqualTo(3 * 60); // 60 holdout rows each, every one scored
    }

    @Test
    void aSigningKeySignsThePublishedModel() throws Exception {
        List<byte[]> published = new ArrayList<>();
        train(settings("--model-key", "s3cret"), DATA, null, published);
        byte[] key = "s3cret".getBytes(StandardCharsets.UTF_8);
        assertThat(ModelPayloads.open(published.get(0), key, Long.MAX_VALUE).version())
                .isEqualTo(1);
        assertThat(ModelPayloads.refusal(published.get(0), "other".getBytes(), Long.MAX_VALUE))
                .contains("does not verify");
    }

    private static String[] append(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void aChampionForOtherFeaturesIsRefusedUnlessForced() throws Exception {
        var other = new ModelConfig(CellType.LSTM, 1, 8, 1, List.of("temp"), 0, List.of(Transform.NONE), 1000);
        Model champion = new Model(other, Weights.zeros(other), 2, Provenance.untrained("other data"));
        Assertions.assertThatThrownBy(() -> train(settings(), DATA, champion, new ArrayList<>()))
                .hasMessageContaining("[temp]")
                .hasMessageContaining("--force");
        TrainVerdict o = train(settings("--epochs", "1", "--force"), DATA, champion, new ArrayList<>());
        assertThat(o.decision()).isEqualTo(TrainVerdict.Decision.ACCEPTED);
        assertThat(o.candidate().version()).isEqualTo(3);
        assertThat(o.message()).contains("other features");
    }
}

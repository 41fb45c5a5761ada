package dev.streamcast.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The demo's trainer on data that used to stop the demo before it started. */
class DemoTrainerTest {

    /** Weekly counts of three keys; "flat" starts with ten zeros, "constant" never changes. */
    static List<LongCsv.Row> rows() {
        Random r = new Random(9);
        List<LongCsv.Row> rows = new ArrayList<>();
        long week = 7L * 24 * 3600 * 1000;
        for (int t = 0; t < 200; t++) {
            double count = Math.max(0, Math.round(5 + 3 * Math.sin(t * 0.5) + r.nextGaussian()));
            rows.add(new LongCsv.Row("normal", t * week, new double[] {count}, 0));
            rows.add(new LongCsv.Row("flat", t * week, new double[] {t < 10 ? 0 : count}, 0));
            rows.add(new LongCsv.Row("constant", t * week, new double[] {4}, 0));
        }
        return rows;
    }

    @Test
    void aFlatStartAndAConstantKeyTrainTheFirstModelAndARetrain() {
        List<Model> published = new ArrayList<>();
        DemoTrainer trainer = new DemoTrainer(List.of("value"), published::add);
        Model first = trainer.trainFirst(rows(), 3);
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.provenance().series()).isEqualTo(3);
        assertThat(first.provenance().trainLoss()).isFinite();
        DemoTrainer.RetrainResult again = trainer.retrain(rows(), true);
        assertThat(again.published()).isTrue();
        assertThat(again.candidateMase()).isFinite();
        assertThat(published).extracting(Model::version).containsExactly(2L);
    }
}

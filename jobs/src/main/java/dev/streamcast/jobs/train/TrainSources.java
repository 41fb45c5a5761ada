package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one run's inputs come from and its output goes, as the settings say: history from a CSV file or the
 * observations topic, the champion from a file or the models topic, and the publishers (the models topic, a file).
 */
final class TrainSources {
    private final TrainSettings s;
    private final PrintStream out;

    TrainSources(TrainSettings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    /** The CSV file if given, else the observations topic (parsed by the forecast job's parser). */
    History history() throws IOException {
        if (s.input() != null) {
            return History.fromCsv(s.input(), s.target(), s.from(), s.to(), s.last());
        }
        String target = s.target() == null ? s.features().get(0) : s.target();
        int targetIndex = s.features().indexOf(target);
        if (targetIndex < 0) {
            throw new IllegalArgumentException(
                    "--target must be one of --features " + s.features() + ", found '" + target + "'");
        }
        return KafkaHistory.read(
                s.bootstrapServers(), s.observationsTopic(), s.features(), target, s.from(), s.to(), s.last());
    }

    /**
     * The {@code --champion} file (none yet if it does not exist), else with {@code --publish} the newest model on
     * the models topic, else none. Checked against the signing key like the forecast job checks it.
     */
    Model champion() throws IOException {
        if (s.champion() != null) {
            if (!Files.exists(s.champion())) {
                out.println("champion file " + s.champion() + " does not exist yet");
                return null;
            }
            try {
                return ModelPayloads.open(Files.readAllBytes(s.champion()), s.modelKey(), s.maxModelBytes());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("champion " + s.champion() + ": " + e.getMessage(), e);
            }
        }
        if (s.publish()) {
            return ModelsTopic.newest(s.bootstrapServers(), s.modelsTopic(), s.modelKey(), s.maxModelBytes(), out);
        }
        return null;
    }

    /** The models topic with {@code --publish}, the file with {@code --out}; none for a dry run. */
    List<TrainPipeline.Publisher> publishers() {
        List<TrainPipeline.Publisher> publishers = new ArrayList<>();
        if (s.publish()) {
            publishers.add((m, payload) -> ModelsTopic.publish(s.bootstrapServers(), s.modelsTopic(), payload));
        }
        if (s.out() != null) {
            publishers.add((m, payload) -> writeAtomically(s.out(), payload));
        }
        return publishers;
    }

    /** Writes to a temporary file beside {@code file} and moves it into place, so no reader sees half a model. */
    static void writeAtomically(Path file, byte[] payload) throws IOException {
        ModelPayloads.writeAtomically(file, payload);
    }
}

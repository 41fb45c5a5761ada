package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.jobs.common.ModelPublisher;
import dev.streamcast.jobs.data.TopicScan;
import dev.streamcast.model.Model;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The models topic seen from the trainer: the champion is the newest model on it (highest version among payloads
 * that pass {@link ModelPayloads#open}), and an accepted candidate is appended by {@link ModelPublisher} under its one
 * record key, so that compaction keeps only the latest model.
 */
final class ModelsTopic {
    private ModelsTopic() {}

    /** The newest usable model on the topic, or null; payloads that fail to open are reported and skipped. */
    static Model newest(String bootstrap, String topic, byte[] key, long maxBytes, PrintStream out) {
        Model[] best = {null};
        TopicScan.readAll(bootstrap, topic, (int) Math.min(Integer.MAX_VALUE, maxBytes + 1024), r -> {
            if (r.value() == null) {
                return;
            }
            try {
                Model m = ModelPayloads.open(r.value(), key, maxBytes);
                if (best[0] == null || m.version() > best[0].version()) {
                    best[0] = m;
                }
            } catch (IllegalArgumentException e) {
                out.println("  ignoring " + topic + " partition " + r.partition() + " offset " + r.offset() + ": "
                        + e.getMessage());
            }
        });
        return best[0];
    }

    /** Appends a sealed payload through the one {@link ModelPublisher} and waits for the broker's acknowledgement. */
    static void publish(String bootstrap, String topic, byte[] payload) throws IOException {
        try (ModelPublisher p = new ModelPublisher(bootstrap, topic, null, payload.length)) {
            p.publish(payload);
        }
    }
}

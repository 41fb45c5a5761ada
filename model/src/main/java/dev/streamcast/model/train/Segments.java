package dev.streamcast.model.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How the training parts of the series are cut into equal-length segments, the parallel streams of a minibatch.
 *
 * <p>Segment length S = k1·⌈4·k2 / k1⌉ (about four backward windows, so most windows start from a state that has
 * seen at least k2 steps), cut down to a multiple of k1 that fits the shortest training part. Each series' training
 * part [0, n) is cut from its end backwards: [n-S, n), [n-2S, n-S), ...; if steps remain at the front, one more
 * segment [0, S) overlaps its neighbour, so no step is dropped (a few are seen twice per epoch). Every segment starts
 * from the zero state. Series whose training part is shorter than k1 are left out of training.
 */
final class Segments {
    /** A segment: steps [start, start + length) of series {@code series}. */
    record Segment(int series, int start) {}

    private Segments() {}

    static int length(int k1, int k2, int shortestTrainPart) {
        int target = k1 * (int) Math.ceil(4.0 * k2 / k1);
        return Math.min(target, k1 * (shortestTrainPart / k1));
    }

    /** Cuts every training part of length ≥ k1; trainLengths[i] = n of series i. */
    static List<Segment> cut(int[] trainLengths, int length) {
        List<Segment> out = new ArrayList<>();
        for (int s = 0; s < trainLengths.length; s++) {
            int n = trainLengths[s];
            if (n < length) {
                continue;
            }
            int start = n - length;
            for (; start >= 0; start -= length) {
                out.add(new Segment(s, start));
            }
            if (start + length > 0) {
                out.add(new Segment(s, 0));
            }
        }
        return out;
    }
}

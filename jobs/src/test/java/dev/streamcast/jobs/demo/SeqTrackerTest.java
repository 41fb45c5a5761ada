package dev.streamcast.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeqTrackerTest {

    @Test
    void repeatsAndGapsAreCountedPerKey() {
        SeqTracker t = new SeqTracker();
        assertThat(t.next("a", 5))
                .as("a key's first forecast may start above 1")
                .isTrue();
        assertThat(t.next("a", 6)).isTrue();
        assertThat(t.next("b", 1)).isTrue();
        assertThat(t.next("a", 7)).isTrue();
        // a restart under at-least-once replays a from 6
        assertThat(t.next("a", 6)).isFalse();
        assertThat(t.next("a", 7)).isFalse();
        assertThat(t.next("a", 8)).isTrue();
        assertThat(t.next("b", 4)).as("b lost 2 and 3").isTrue();
        assertThat(t.repeated()).isEqualTo(2);
        assertThat(t.missing()).isEqualTo(2);
    }
}

package dev.streamcast.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs are written beside the directory and moved into place at once (issue 11.7). */
class OutputDirTest {
    @TempDir
    Path dir;

    private String[] entries(Path p) throws Exception {
        try (Stream<Path> s = Files.list(p)) {
            return s.map(x -> x.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aCommittedRunReplacesTheEarlierOutputsWhole() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.json"), "old");
        Files.writeString(out.resolve("report.html"), "old");
        OutputDir.check("out", out, Set.of("summary.json", "report.html"));
        Path tmp = OutputDir.begin(out);
        assertThat(tmp.getParent()).isEqualTo(dir);
        Files.writeString(tmp.resolve("summary.json"), "new");
        assertThat(Files.readString(out.resolve("summary.json")))
                .as("not visible before commit")
                .isEqualTo("old");
        OutputDir.commit(tmp, out);
        assertThat(entries(out)).containsExactly("summary.json");
        assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo("new");
        assertThat(entries(dir)).containsExactly("out");
    }

    @Test
    void anAbandonedRunLeavesNothingBehind() throws Exception {
        Path out = dir.resolve("a/b/out");
        Path tmp = OutputDir.begin(out);
        Files.writeString(tmp.resolve("summary.json"), "half");
        OutputDir.abandon(tmp);
        assertThat(out).doesNotExist();
        assertThat(entries(dir.resolve("a/b"))).isEmpty();
    }

    @Test
    void refusesAFileAForeignDirectoryAndAPlaceUnderAFile() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> OutputDir.check("out", f, Set.of()))
                .hasMessage("--out " + f + " exists and is not a directory");
        assertThatThrownBy(() -> OutputDir.check("report", f.resolve("x"), Set.of()))
                .hasMessage("--report " + f.resolve("x") + " cannot be created: " + f + " is not a directory");
        assertThatThrownBy(() -> OutputDir.check("out", dir, Set.of())).hasMessageContaining("holds other files ('f')");
        OutputDir.check("out", dir.resolve("new/deeper"), Set.of());
    }
}

package dev.streamcast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11.6, 11.7, 11.10 for train: bad files, output places and an unreachable Kafka end in one line. */
class TrainInputFilesTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int train(String... args) {
        return new TrainCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of(),
                        TrainFixtures.CLOCK)
                .execute(args);
    }

    private String errLine() {
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e.lines().count()).as(e).isEqualTo(1);
        assertThat(e).doesNotContain("Exception").doesNotContain("\tat ");
        return e.strip();
    }

    @Test
    void anEmptyFileOrADirectoryIsBadDataExit1() throws Exception {
        Path empty = Files.write(dir.resolve("empty.csv"), new byte[0]);
        assertThat(train("--input", empty.toString())).isEqualTo(1);
        assertThat(errLine())
                .isEqualTo("train: " + empty + ": line 1: empty file, expected a header key,timestamp,value");
        err.reset();
        assertThat(train("--input", dir.toString())).isEqualTo(1);
        assertThat(errLine()).isEqualTo("train: " + dir + ": is a directory, expected a CSV file");
    }

    @Test
    void aHeaderOnlyOrAllBadFileIsBadDataExit1() throws Exception {
        Path header = Files.writeString(dir.resolve("header.csv"), "key,timestamp,value\n");
        assertThat(train("--input", header.toString())).isEqualTo(1);
        assertThat(errLine()).isEqualTo("train: " + header + ": no data rows (nothing after the header)");
        err.reset();
        Path bad = Files.writeString(dir.resolve("bad.csv"), "key,timestamp,value\na,1,0x1p3\n");
        assertThat(train("--input", bad.toString())).isEqualTo(1);
        assertThat(errLine())
                .isEqualTo("train: " + bad + ": no usable rows: 1 bad (line 2: value 1 is not a number: " + "'0x1p3')");
    }

    @Test
    void outputPlacesAreCheckedBeforeReadingAnything() throws Exception {
        Path taken = Files.writeString(dir.resolve("taken"), "x");
        long t0 = System.nanoTime();
        assertThat(train("--input", "no-such.csv", "--report", taken.toString()))
                .isEqualTo(2);
        assertThat(errLine()).isEqualTo("train: --report " + taken + " exists and is not a directory");
        err.reset();
        assertThat(train("--input", "no-such.csv", "--out", dir.toString())).isEqualTo(2);
        assertThat(errLine()).isEqualTo("train: --out " + dir + " is a directory, expected a file");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds").isLessThan(1.0);
    }

    @Test
    void anUnreachableKafkaGivesUpAfterTheTimeoutWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long t0 = System.nanoTime();
        assertThat(train("--bootstrap-servers", "127.0.0.1:" + port)).isEqualTo(1);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(errLine())
                .isEqualTo("train: Kafka at 127.0.0.1:" + port + " did not answer within 10 s (reading topic "
                        + "observations); is --bootstrap-servers right?");
        assertThat(seconds).isLessThan(30);
    }
}

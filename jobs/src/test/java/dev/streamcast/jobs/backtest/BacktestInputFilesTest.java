package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11.6 and 11.7: a file or an output directory the backtest cannot use ends in one line naming the file, the
 * line and the problem, with exit 1 for bad data and 2 for a bad option, never a stack trace; outputs are replaced all
 * at once.
 */
class BacktestInputFilesTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BacktestCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The one line printed on stderr. */
    private String errLine() {
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e.lines().count()).as(e).isEqualTo(1);
        assertThat(e).doesNotContain("Exception").doesNotContain("\tat ");
        return e.strip();
    }

    private Path file(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private int backtest(Path input) {
        return run(
                "--input", input.toString(), "--out", dir.resolve("out").toString(), "--epochs", "1", "--hidden", "4");
    }

    @Test
    void anEmptyFileIsBadDataNamingFileAndLine() throws Exception {
        Path p = file("empty.csv", new byte[0]);
        assertThat(backtest(p)).isEqualTo(1);
        assertThat(errLine())
                .isEqualTo("backtest: " + p + ": line 1: empty file, expected a header key,timestamp,value");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aHeaderOnlyFileHasNoDataRows() throws Exception {
        Path p = file("header.csv", "key,timestamp,value\n".getBytes(StandardCharsets.UTF_8));
        assertThat(backtest(p)).isEqualTo(1);
        assertThat(errLine()).isEqualTo("backtest: header.csv: no data rows (nothing after the header)");
    }

    @Test
    void aFileWhoseRowsAreAllBadNamesTheFirstBadLine() throws Exception {
        Path p = file(
                "bad.csv",
                "key,timestamp,value\na,yesterday,1\na,2024-01-01T00:00:00Z,12d\n".getBytes(StandardCharsets.UTF_8));
        assertThat(backtest(p)).isEqualTo(1);
        assertThat(errLine())
                .startsWith("backtest: bad.csv: no usable rows: 2 bad (line 2: bad timestamp 'yesterday'")
                .endsWith("; and 1 more)");
    }

    @Test
    void aBadHeaderNamesLineOne() throws Exception {
        Path p = file("nohdr.csv", "a,2024-01-01T00:00:00Z,1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(backtest(p)).isEqualTo(1);
        assertThat(errLine()).startsWith("backtest: " + p + ": line 1: header must start with key,timestamp");
    }

    @Test
    void tooFewRowsToScoreAnythingIsBadData() throws Exception {
        Path p = file("few.csv", "key,timestamp,value\na,1,1\na,2,2\na,3,3\n".getBytes(StandardCharsets.UTF_8));
        assertThat(backtest(p)).isEqualTo(1);
        assertThat(errLine()).startsWith("backtest: few.csv: no key can be trained on: 1 key skipped (a: too short");
    }

    @Test
    void aDirectoryOrAMissingFileIsBadData() throws Exception {
        assertThat(backtest(dir)).isEqualTo(1);
        assertThat(errLine()).isEqualTo("backtest: " + dir + ": is a directory, expected a CSV file");
        err.reset();
        assertThat(backtest(dir.resolve("nope.csv"))).isEqualTo(1);
        assertThat(errLine()).isEqualTo("backtest: " + dir.resolve("nope.csv") + ": no such file");
    }

    @Test
    void anUnreadableFileIsBadData() throws Exception {
        Path p = file("locked.csv", "key,timestamp,value\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(p), "running as root: permissions do not stop reads");
        assertThat(backtest(p)).isEqualTo(1);
        assertThat(errLine()).isEqualTo("backtest: " + p + ": cannot be read (permission denied)");
    }

    @Test
    void aBomIsAcceptedAndBadBytesOrNumbersAreBadRowsListedWithTheirReasons() throws Exception {
        List<byte[]> parts = new ArrayList<>();
        parts.add(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        StringBuilder csv = new StringBuilder("key,timestamp,value\r\n");
        for (int d = 0; d < 60; d++) {
            csv.append("a,")
                    .append(Instant.parse("1950-01-01T00:00:00Z").plusSeconds(86400L * d))
                    .append(',')
                    .append(10 + Math.sin(d))
                    .append("\r\n");
        }
        parts.add(csv.toString().getBytes(StandardCharsets.UTF_8));
        parts.add("a,2000-01-01T00:00:00Z,12d\n".getBytes(StandardCharsets.UTF_8)); // line 62
        parts.add("a,2000-01-02T00:00:00Z,0x1p3\n".getBytes(StandardCharsets.UTF_8)); // line 63
        parts.add(new byte[] {'a', ',', '1', ',', (byte) 0xFF, '\n'}); // line 64
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] b : parts) {
            bytes.write(b);
        }
        Path p = file("bom.csv", bytes.toByteArray());
        assertThat(backtest(p)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode s = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        assertThat(s.at("/keys/a/count").asInt()).isPositive();
        assertThat(s.at("/bad_rows/count").asInt()).isEqualTo(3);
        assertThat(s.at("/bad_rows/rows/0/reason").asText()).isEqualTo("value 1 is not a number: '12d'");
        assertThat(s.at("/bad_rows/rows/1/reason").asText()).isEqualTo("value 1 is not a number: '0x1p3'");
        assertThat(s.at("/bad_rows/rows/2/line").asInt()).isEqualTo(64);
        assertThat(s.at("/bad_rows/rows/2/reason").asText()).isEqualTo("not valid UTF-8 (byte 0xFF at column 5)");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(x -> x.getFileName().toString())).containsExactlyInAnyOrder("bom.csv", "out");
        }
    }

    @Test
    void outIsCheckedBeforeAnyWork() throws Exception {
        Path csv = file("ok.csv", "key,timestamp,value\na,1,1\n".getBytes(StandardCharsets.UTF_8));
        Path aFile = file("taken", new byte[] {1});
        long t0 = System.nanoTime();
        assertThat(run("--input", csv.toString(), "--out", aFile.toString())).isEqualTo(2);
        assertThat(errLine()).isEqualTo("backtest: --out " + aFile + " exists and is not a directory");
        err.reset();
        assertThat(run("--input", csv.toString(), "--out", aFile.resolve("sub").toString()))
                .isEqualTo(2);
        assertThat(errLine())
                .isEqualTo("backtest: --out " + aFile.resolve("sub") + " cannot be created: " + aFile
                        + " is not a directory");
        err.reset();
        Path other = dir.resolve("photos");
        Files.createDirectories(other);
        Files.write(other.resolve("cat.jpg"), new byte[] {1});
        assertThat(run("--input", csv.toString(), "--out", other.toString())).isEqualTo(2);
        assertThat(errLine()).startsWith("backtest: --out " + other + " holds other files ('cat.jpg')");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds").isLessThan(1.0);
    }

    @Test
    void anUnwritablePlaceIsRefused() throws Exception {
        Path ro = dir.resolve("ro");
        Files.createDirectories(ro);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        Assumptions.assumeFalse(Files.isWritable(ro), "running as root: permissions do not stop writes");
        Path csv = file("ok.csv", "key,timestamp,value\na,1,1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(run("--input", csv.toString(), "--out", ro.resolve("x").toString()))
                .isEqualTo(2);
        assertThat(errLine()).contains("is not writable");
    }

    @Test
    void anUnreachableKafkaGivesUpAfterTheTimeoutWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long t0 = System.nanoTime();
        assertThat(run(
                        "--bootstrap-servers",
                        "127.0.0.1:" + port,
                        "--out",
                        dir.resolve("k").toString()))
                .isEqualTo(1);
        assertThat(errLine())
                .isEqualTo("backtest: Kafka at 127.0.0.1:" + port + " did not answer within 10 s (reading topic "
                        + "observations); is --bootstrap-servers right?");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds").isLessThan(30);
    }

    @Test
    void aFailedRunLeavesTheEarlierOutputsAsTheyWere() throws Exception {
        Path outDir = dir.resolve("out");
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("summary.json"), "old");
        Files.writeString(outDir.resolve("report.html"), "old");
        Path csv = file("ok.csv", "key,timestamp,value\na,1,1\n".getBytes(StandardCharsets.UTF_8));
        Path model = file("broken.bin", new byte[] {1, 2, 3});
        int code = run("--input", csv.toString(), "--out", outDir.toString(), "--model", model.toString());
        assertThat(code).isEqualTo(1);
        assertThat(Files.readString(outDir.resolve("summary.json"))).isEqualTo("old");
        assertThat(Files.readString(outDir.resolve("report.html"))).isEqualTo("old");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(x -> x.getFileName().toString())).allMatch(n -> !n.startsWith("."));
        }
    }
}

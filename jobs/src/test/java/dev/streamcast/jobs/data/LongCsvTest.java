package dev.streamcast.jobs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LongCsvTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path p = dir.resolve("in.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsRowsAndListsBadRowsWithLineNumbers() throws Exception {
        LongCsv.Table t = LongCsv.read(write("""
                key,timestamp,value
                A,2024-01-02T00:00:00Z,1.5
                A,2024-01-01T00:00:00Z,1.0
                B,1700000000000,7
                B,not-a-time,1
                B,1700000001000,NaN
                B,1700000002000,abc
                ,1700000003000,1
                B,1700000004000
                A,2024-01-01T00:00:00Z,9
                """));
        assertThat(t.valueColumns()).containsExactly("value");
        assertThat(t.rows()).hasSize(4);
        assertThat(t.bad()).extracting(LongCsv.BadRow::line).containsExactly(5L, 6L, 7L, 8L, 9L);
        Map<String, List<LongCsv.Row>> s = t.bySeries();
        assertThat(s.keySet()).containsExactly("A", "B");
        assertThat(s.get("A"))
                .extracting(LongCsv.Row::ts)
                .containsExactly(1704067200000L, 1704153600000L); // sorted, duplicate dropped
        assertThat(t.bad()).extracting(LongCsv.BadRow::line).contains(10L);
        assertThat(t.bad().get(t.bad().size() - 1).reason()).contains("duplicate");
    }

    @Test
    void readsSeveralNamedValueColumns() throws Exception {
        LongCsv.Table t = LongCsv.read(write("key,timestamp,temp,humidity\nJFK,2024-01-01T00:00:00+01:00,3.1,0.7\n"));
        assertThat(t.valueColumns()).containsExactly("temp", "humidity");
        assertThat(t.rows().get(0).values()).containsExactly(3.1, 0.7);
        assertThat(t.rows().get(0).ts()).isEqualTo(1704063600000L);
    }

    @Test
    void readsTimestampsBefore1970WithTheSameParserAsTheLiveJob() throws Exception {
        LongCsv.Table t = LongCsv.read(
                write("key,timestamp,value\nS,1749-01-01T00:00:00Z,58\nS,-5,1\n" + "S,10000-01-01T00:00:00Z,1\n"));
        assertThat(t.rows()).extracting(LongCsv.Row::ts).containsExactly(-6_974_035_200_000L, -5L);
        assertThat(t.bad()).extracting(LongCsv.BadRow::line).containsExactly(4L);
    }

    @Test
    void javaNumberSuffixesAndHexFloatsAreBadValuesNotNumbers() throws Exception {
        LongCsv.Table t =
                LongCsv.read(write("key,timestamp,value\nS,1,12d\nS,2,0x1p3\nS,3,1f\nS,4,Infinity\nS,5,2.5e1\n"));
        assertThat(t.rows()).extracting(r -> r.values()[0]).containsExactly(25.0);
        assertThat(t.bad()).extracting(LongCsv.BadRow::line).containsExactly(2L, 3L, 4L, 5L);
        assertThat(t.bad().get(0).reason()).isEqualTo("value 1 is not a number: '12d'");
    }

    @Test
    void aBomIsSkippedAndAnUndecodableOrOverlongLineIsABadRow() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.write("key,timestamp,value\r\nA,1,1\r\nA,2,".getBytes(StandardCharsets.UTF_8));
        b.write(new byte[] {(byte) 0xC3, '\n'}); // a truncated two-byte sequence
        b.write(("A,3," + "9".repeat(LongCsv.MAX_LINE_BYTES + 5) + "\nA,4,4\n").getBytes(StandardCharsets.UTF_8));
        Path p = dir.resolve("bom.csv");
        Files.write(p, b.toByteArray());
        LongCsv.Table t = LongCsv.read(p);
        assertThat(t.valueColumns()).containsExactly("value");
        assertThat(t.rows()).extracting(LongCsv.Row::ts).containsExactly(1L, 4L);
        assertThat(t.bad()).extracting(LongCsv.BadRow::line).containsExactly(3L, 4L);
        assertThat(t.bad().get(0).reason()).isEqualTo("not valid UTF-8 (byte 0xC3 at column 5)");
        assertThat(t.bad().get(1).reason()).startsWith("line longer than 1048576 bytes");
        assertThat(t.bad().get(1).text().length()).isLessThan(300);
    }

    @Test
    void aFileWithoutTheHeaderIsRefusedNamingIt() throws Exception {
        Path p = write("a,b\n1,2\n");
        assertThatThrownBy(() -> LongCsv.read(p)).hasMessageContaining("header").hasMessageContaining("in.csv");
    }
}

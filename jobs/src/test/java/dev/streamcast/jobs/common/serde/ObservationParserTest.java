package dev.streamcast.jobs.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.Reason;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The parser reads numbers with Jackson's FastDoubleParser: every value must be the double {@code Double.parseDouble}
 * gives for the same text, bit for bit, for the forms producers write and for the hard cases of decimal rounding.
 */
class ObservationParserTest {
    private final ObservationParser single = new ObservationParser(List.of("value"), "value");
    private final ObservationParser two = new ObservationParser(List.of("temp", "hum"), "temp");

    private static RawRecord raw(String json) {
        return new RawRecord(json.getBytes(StandardCharsets.UTF_8), "observations", 0, 1);
    }

    private void assertReadAsTheJdkReadsIt(String number) {
        double jdk = Double.parseDouble(number);
        Observation o = single.parse(raw("{\"key\":\"k\",\"ts\":1,\"value\":" + number + "}"));
        if (!Double.isFinite(jdk)) {
            assertThat(o).as(number).isNull();
            assertThat(single.failure()).as(number).isEqualTo(Reason.NON_FINITE_VALUE);
            return;
        }
        assertThat(o).as(number).isNotNull();
        assertThat(Double.doubleToRawLongBits(o.values[0])).as(number).isEqualTo(Double.doubleToRawLongBits(jdk));
        Observation m = two.parse(raw("{\"key\":\"k\",\"ts\":1,\"values\":{\"hum\":" + number + ",\"temp\":1}}"));
        assertThat(Double.doubleToRawLongBits(m.values[1])).as(number).isEqualTo(Double.doubleToRawLongBits(jdk));
    }

    @Test
    void hardCasesOfDecimalRoundingAreReadAsTheJdkReadsThem() {
        for (String n : List.of(
                "0",
                "-0.0", // ("-0" is a JSON integer: 0, as before)
                "1",
                "100.12345678901234",
                "185.71",
                "0.1",
                "0.30000000000000004",
                "9007199254740993", // 2^53 + 1: halfway, to even
                "9007199254740995",
                "1.7976931348623157e308", // the largest double
                "1.7976931348623158e308", // rounds down to it
                "1.7976931348623159e308", // rounds up: Infinity, refused
                "2.2250738585072011e-308", // the largest subnormal's neighbourhood
                "2.2250738585072012e-308",
                "4.9e-324", // the smallest subnormal
                "2.4703282292062327e-324", // just below half of it: 0
                "2.4703282292062328e-324", // just above half: the smallest subnormal
                "1e-400",
                "1e400",
                "123456789012345678901234567890",
                "0.000000000000000000000000000001",
                "1E+2",
                "1e-2",
                "-3.0E-5",
                "7.2057594037927933e16")) {
            assertReadAsTheJdkReadsIt(n);
        }
    }

    @Test
    void randomDoublesAndDecimalsAreReadAsTheJdkReadsThem() {
        SplittableRandom r = new SplittableRandom(17);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isFinite(d)) {
                texts.add(Double.toString(d)); // shortest forms, all exponents
                texts.add(new BigDecimal(d).toString()); // exact expansions, up to hundreds of digits
            }
            StringBuilder b = new StringBuilder(); // decimals with 1-25 digits and an exponent
            b.append(r.nextInt(1, 10));
            for (int k = r.nextInt(25); k > 0; k--) {
                b.append(r.nextInt(10));
                if (k == 3) {
                    b.append('.');
                }
            }
            b.append('e').append(r.nextInt(-330, 310));
            texts.add(b.toString());
            texts.add(String.valueOf(100 + r.nextInt(50) + Math.sin(i)));
        }
        texts.forEach(this::assertReadAsTheJdkReadsIt);
    }

    /** What a fresh parser (a parser of its own per record, as before the reused one) reads from one record. */
    private static String fresh(List<String> features, String target, String json) {
        ObservationParser p = new ObservationParser(features, target);
        return describe(p, p.parse(raw(json)));
    }

    private static String describe(ObservationParser p, Observation o) {
        return o == null
                ? p.failure() + " | " + p.detail() + " | " + p.failedKey()
                : o.key + " " + o.ts + " " + java.util.Arrays.toString(o.values);
    }

    /** Good, bad and awkward records, one after another through one parser, as a parse operator sees them. */
    private static List<String> mixedRecords(SplittableRandom r, int n) {
        List<String> good = List.of(
                "{\"key\":\"s%d\",\"ts\":%d,\"value\":%s}",
                " {\"ts\":\"2024-01-02T15:30:00Z\", \"key\":\"k\\u00e9%d\",\"value\":%s,\"x\":[1,{\"y\":null}]}\n",
                "{\"key\":\"J%d\",\"ts\":%d,\"values\":{\"hum\":%s,\"temp\":1}}",
                "{\"key\":\"Z\\\"%d\",\"other\":{\"a\":[true,false,\"s\"]},\"ts\":%d,\"value\":%s}\t\r\n");
        List<String> bad = List.of(
                "{\"key\":\"A\",\"ts\":1,\"value\":", // truncated
                "{\"key\":\"A\",\"ts\":1,\"value\":1} 5", // a trailing number the parser would wait on
                "{\"key\":\"A\",\"ts\":1,\"value\":1} {}",
                "{\"key\":\"A\",\"ts\":1,\"value\":1}}",
                "{\"key\":\"A\",\"ts\":1,\"value\":\"x", // ends inside a string
                "[1,2,3]",
                "   ",
                "nul",
                "{\"key\":\"A\",\"ts\":1,\"value\":NaN}",
                "{\"key\":\"A\",\"ts\":1,\"value\":1e999}",
                "{\"key\":\"A\",\"ts\":\"yesterday\",\"value\":1}",
                "{\"key\":\"A\",\"ts\":1,\"values\":{\"hum\":2}}",
                "{\"key\":\"A\",\"ts\":1,\"value\":01}",
                "{\"key\":\"A\",\"ts\":1,\"value\":1,}",
                "\uFEFF{\"key\":\"A\",\"ts\":1,\"value\":1}", // a byte order mark
                "{\"key\":\"A\u0001\",\"ts\":1,\"value\":1}", // an unescaped control character
                "{\"key\":\"A\",\"ts\":1,\"value\":1,\"deep\":" + "[".repeat(2000) + "]".repeat(2000) + "}");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (r.nextInt(4) == 0) {
                out.add(bad.get(r.nextInt(bad.size())));
            } else {
                String g = good.get(r.nextInt(good.size()));
                String v = String.valueOf(r.nextBoolean() ? r.nextDouble() * 1000 : (double) r.nextInt(100));
                out.add(
                        g.contains("%d,") || g.contains("%d}")
                                ? String.format(g, r.nextInt(100), 1_700_000_000_000L + i, v)
                                : String.format(g, r.nextInt(100), v));
            }
        }
        return out;
    }

    @Test
    void oneParserReadsEveryRecordOfAStreamAsAFreshParserWould() {
        for (List<String> features : List.of(List.of("value"), List.of("temp", "hum"))) {
            ObservationParser reused =
                    new ObservationParser(features, "temp".equals(features.get(0)) ? "temp" : "value");
            String target = features.get(0);
            for (String json : mixedRecords(new SplittableRandom(11), 3 * ObservationParser.RECORDS_PER_PARSER)) {
                assertThat(describe(reused, reused.parse(raw(json))))
                        .as(json.length() > 200 ? json.substring(0, 200) : json)
                        .isEqualTo(fresh(features, target, json));
            }
        }
    }

    @Test
    void aUtf16RecordIsReadAsBefore() {
        String json = "{\"key\":\"A\",\"ts\":1,\"value\":1.5}";
        ObservationParser p = new ObservationParser(List.of("value"), "value");
        p.parse(raw("{\"key\":\"B\",\"ts\":1,\"value\":1}"));
        Observation o = p.parse(new RawRecord(json.getBytes(StandardCharsets.UTF_16BE), "observations", 0, 1));
        assertThat(o).isNotNull(); // Jackson's byte-source detection reads UTF-16, as before
        assertThat(o.values).containsExactly(1.5);
    }

    @Test
    void aGoodRecordAllocatesLittleMoreThanItsObservation() {
        ObservationParser p = new ObservationParser(List.of("value"), "value");
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            records.add(raw("{\"key\":\"s" + (i % 1000) + "\",\"ts\":" + (1_700_000_000_000L + i) + ",\"value\":"
                    + (100 + Math.sin(i)) + "}"));
        }
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long perRecord = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) { // the least of five rounds: JIT compilation allocates too
            long before = threads.getCurrentThreadAllocatedBytes();
            for (RawRecord r : records) {
                if (p.parse(r) == null) {
                    throw new AssertionError(p.detail());
                }
            }
            perRecord = Math.min(perRecord, (threads.getCurrentThreadAllocatedBytes() - before) / records.size());
        }
        // the Observation, its values, the key's String and bytes (about 150 bytes), and a new parser every
        // RECORDS_PER_PARSER records; a parser of its own per record allocated about 600 bytes more
        assertThat(perRecord).isLessThan(300);
    }
}

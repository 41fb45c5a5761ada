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
}

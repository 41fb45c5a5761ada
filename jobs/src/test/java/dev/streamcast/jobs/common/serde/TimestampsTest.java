package dev.streamcast.jobs.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    /** What DateTimeFormatter says, the reference the fast path must agree with. */
    private static long reference(String s) {
        try {
            long ms = DateTimeFormatter.ISO_OFFSET_DATE_TIME
                    .parse(s, Instant::from)
                    .toEpochMilli();
            return ms >= Timestamps.MIN && ms <= Timestamps.MAX ? ms : Timestamps.INVALID;
        } catch (RuntimeException e) {
            return Timestamps.INVALID;
        }
    }

    @Test
    void theFastPathAgreesWithDateTimeFormatterOnRandomInstantsAndOffsets() {
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long ms = Timestamps.MIN + (long) (rnd.nextDouble() * (Timestamps.MAX - Timestamps.MIN));
            int offsetMinutes = (rnd.nextInt(37) - 18) * 60 + (rnd.nextBoolean() ? 0 : rnd.nextInt(60));
            if (Math.abs(offsetMinutes) > 18 * 60) {
                offsetMinutes = 0;
            }
            String text = Instant.ofEpochMilli(ms)
                    .atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(reference(text));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-01-02T15:30:00Z",
                "2024-01-02t15:30:00z",
                "2024-02-29T00:00:00+01:00",
                "2023-02-29T00:00:00Z",
                "2024-13-01T00:00:00Z",
                "2024-04-31T00:00:00Z",
                "2024-01-02T24:00:00Z",
                "2024-01-02T15:30:60Z",
                "2024-01-02T15:30:00.1Z",
                "2024-01-02T15:30:00.123456789-05:30",
                "2024-01-02T15:30:00.1234567891Z",
                "2024-01-02T15:30:00.Z",
                "2024-01-02T15:30Z",
                "2024-01-02T15:30:00",
                "2024-01-02T15:30:00+18:00",
                "2024-01-02T15:30:00+18:01",
                "2024-01-02T15:30:00+0100",
                "2024-01-02T15:30:00+01:00:30",
                "1969-12-31T23:59:59Z",
                "9999-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z",
                "2024-01-02 15:30:00Z",
                "2024-0a-02T15:30:00Z",
                "x2024-01-02T15:30:00Z"
            })
    void edgeCasesAgreeWithDateTimeFormatter(String text) {
        assertThat(Timestamps.parse(text)).isEqualTo(reference(text));
    }

    @Test
    void formattingMatchesInstantToStringAndParsesBack() {
        Random rnd = new Random(11);
        char[] buf = new char[32];
        for (int i = 0; i < 20_000; i++) {
            long ms = (long) ((rnd.nextDouble() * 2 - 1) * 300_000_000_000_000L);
            if (i % 3 == 0) {
                ms -= Math.floorMod(ms, 1000); // whole seconds print without a fraction
            }
            String expected = Instant.ofEpochMilli(ms).toString();
            assertThat(new String(buf, 0, IsoInstant.format(ms, buf)))
                    .as("%d", ms)
                    .isEqualTo(expected);
        }
        assertThat(new String(buf, 0, IsoInstant.format(0, buf))).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(Timestamps.parse(new String(buf, 0, IsoInstant.format(1_704_209_400_250L, buf))))
                .isEqualTo(1_704_209_400_250L);
    }

    @Test
    void digitsAreEpochMilliseconds() {
        assertThat(Timestamps.parse("1704209400000")).isEqualTo(1_704_209_400_000L);
        assertThat(Timestamps.parse("9999999999999999")).isEqualTo(Timestamps.INVALID);
        assertThat(Timestamps.parse("-2208988800000")).as("1900-01-01").isEqualTo(-2_208_988_800_000L);
        assertThat(Timestamps.parse("-")).isEqualTo(Timestamps.INVALID);
    }

    @Test
    void yearsBefore1970AreValidOnEveryPath() {
        // monthly data from before 1970 was read by train and backtest but dead-lettered live as bad_timestamp
        assertThat(Timestamps.parse("1800-01-01T00:00:00Z")).isEqualTo(-5_364_662_400_000L);
        assertThat(Timestamps.parse("1749-01-01T00:00:00Z"))
                .isEqualTo(Instant.parse("1749-01-01T00:00:00Z").toEpochMilli());
        assertThat(Timestamps.parse("1969-12-31T23:59:59.999Z")).isEqualTo(-1L);
        assertThat(Timestamps.parse("0000-01-01T00:00:00Z")).isEqualTo(Timestamps.MIN);
        assertThat(Timestamps.parse("9999-12-31T23:59:59.999Z")).isEqualTo(Timestamps.MAX);
        assertThat(Timestamps.parseText(" 1959-03-01T00:00:00+01:00 "))
                .isEqualTo(Instant.parse("1959-02-28T23:00:00Z").toEpochMilli());
        Assertions.assertThatThrownBy(() -> Timestamps.parseText("yesterday"))
                .hasMessageStartingWith("bad timestamp 'yesterday'");
    }
}

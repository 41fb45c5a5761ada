package dev.streamcast.jobs.common.serde;

import java.time.Instant;

/**
 * Formats epoch milliseconds exactly as {@code Instant.ofEpochMilli(ms).toString()} does for years 0000-9999
 * ({@code 2024-01-02T15:30:00Z}, {@code 2024-01-02T15:30:00.250Z}), without its temporaries: the forecast sink
 * writes two per record. Other years fall back to Instant.
 */
final class IsoInstant {
    private IsoInstant() {}

    private static final long MAX = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z
    private static final long MIN = -62_167_219_200_000L; // 0000-01-01T00:00:00Z

    /** Writes the text into {@code buf} (at least 24 chars) and returns its length. */
    static int format(long ms, char[] buf) {
        if (ms < MIN || ms > MAX) {
            String s = Instant.ofEpochMilli(ms).toString();
            s.getChars(0, s.length(), buf, 0);
            return s.length();
        }
        long days = Math.floorDiv(ms, 86_400_000L);
        int msOfDay = (int) (ms - days * 86_400_000L);
        // civil_from_days (H. Hinnant): proleptic Gregorian date of a day count since 1970-01-01
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int doe = (int) (z - era * 146_097); // [0, 146096]
        int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
        int mp = (5 * doy + 2) / 153; // [0, 11]
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yoe + era * 400) + (month <= 2 ? 1 : 0);
        put(buf, 0, year, 4);
        buf[4] = '-';
        put(buf, 5, month, 2);
        buf[7] = '-';
        put(buf, 8, day, 2);
        buf[10] = 'T';
        put(buf, 11, msOfDay / 3_600_000, 2);
        buf[13] = ':';
        put(buf, 14, msOfDay / 60_000 % 60, 2);
        buf[16] = ':';
        put(buf, 17, msOfDay / 1000 % 60, 2);
        int n = 19;
        int millis = msOfDay % 1000;
        if (millis != 0) {
            buf[n++] = '.';
            put(buf, n, millis, 3);
            n += 3;
        }
        buf[n++] = 'Z';
        return n;
    }

    private static void put(char[] buf, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            buf[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}

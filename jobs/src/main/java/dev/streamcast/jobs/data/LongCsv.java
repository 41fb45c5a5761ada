package dev.streamcast.jobs.data;

import dev.streamcast.jobs.common.Messages;
import dev.streamcast.jobs.common.Numbers;
import dev.streamcast.jobs.common.serde.Timestamps;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads time series in the long CSV format {@code key,timestamp,value} (several features: more value columns, named in
 * the header, e.g. {@code key,timestamp,temp,humidity}). Timestamps are read by {@link Timestamps}, the parser of
 * every input. A row that
 * cannot be used is kept as a {@link BadRow} with its line number and reason; it never stops the read.
 */
public final class LongCsv {
    private LongCsv() {}

    /** One usable row; {@code line} is 1-based (the header is line 1). */
    public record Row(String key, long ts, double[] values, long line) {}

    /** One unusable row and why. */
    public record BadRow(long line, String reason, String text) {}

    /** A file's rows in file order, its value column names, and its bad rows. */
    public record Table(List<String> valueColumns, List<Row> rows, List<BadRow> bad) {

        /**
         * Rows grouped by key in first-seen key order, each series sorted by timestamp. A second row with a timestamp
         * already seen for its key is moved to {@link #bad()} as a duplicate (the first one wins).
         */
        public Map<String, List<Row>> bySeries() {
            Map<String, List<Row>> out = new LinkedHashMap<>();
            for (Row r : rows) {
                out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
            for (List<Row> series : out.values()) {
                series.sort(Comparator.comparingLong(Row::ts).thenComparingLong(Row::line));
                for (int i = series.size() - 1; i > 0; i--) {
                    if (series.get(i).ts() == series.get(i - 1).ts()) {
                        Row dup = series.remove(i);
                        bad.add(new BadRow(dup.line(), "duplicate timestamp for key " + dup.key(), ""));
                    }
                }
            }
            return out;
        }
    }

    /** A line longer than this (bytes) is a bad row, skipped without being held in memory. */
    public static final int MAX_LINE_BYTES = 1 << 20;
    /** Characters of a bad row's text kept (for the report). */
    static final int MAX_BAD_TEXT = 200;

    /**
     * Reads a file. A file that cannot be used at all (missing, a directory, unreadable, empty, a bad header) throws a
     * {@link BadInputException} naming it and the line; a line that cannot be used (not UTF-8, too long, bad fields)
     * is a {@link BadRow} and the read goes on. A UTF-8 byte order mark before the header is skipped; lines may end in
     * LF or CRLF.
     */
    public static Table read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new BadInputException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + ": is a directory, expected a CSV file");
        }
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + reason(e) + ")", e);
        }
        try (Lines in = new Lines(new BufferedInputStream(raw, 1 << 16))) {
            String header = in.next();
            if (header == null) {
                throw new BadInputException(file + ": line 1: empty file, expected a header key,timestamp,value");
            }
            if (in.problem != null) {
                throw new BadInputException(
                        file + ": line 1: " + in.problem + ", expected a header key,timestamp,value");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            String[] cols = header.strip().split(",", -1);
            if (cols.length < 3
                    || !cols[0].strip().equals("key")
                    || !cols[1].strip().equals("timestamp")) {
                throw new BadInputException(file + ": line 1: header must start with key,timestamp and name at least "
                        + "one value column, found " + Messages.quote(header));
            }
            List<String> valueColumns = new ArrayList<>();
            for (int i = 2; i < cols.length; i++) {
                String c = cols[i].strip();
                if (c.isEmpty() || valueColumns.contains(c)) {
                    throw new BadInputException(file + ": line 1: value columns must have distinct non-empty names, "
                            + "found " + Messages.quote(header));
                }
                valueColumns.add(c);
            }
            List<Row> rows = new ArrayList<>();
            List<BadRow> bad = new ArrayList<>();
            String line;
            long n = 1;
            while ((line = in.next()) != null) {
                n++;
                if (in.problem != null) {
                    bad.add(new BadRow(n, in.problem, Messages.cut(line, MAX_BAD_TEXT)));
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                parseRow(line, n, valueColumns.size(), rows, bad);
            }
            return new Table(List.copyOf(valueColumns), rows, bad);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + reason(e) + ")", e);
        }
    }

    /**
     * One line saying that {@code source} held no usable row, naming the first bad row's line and reason when there
     * is one (for the commands' exit-1 message).
     */
    public static String noUsableRows(String source, List<BadRow> bad) {
        if (bad.isEmpty()) {
            return source + ": no data rows (nothing after the header)";
        }
        BadRow first = bad.stream().min(Comparator.comparingLong(BadRow::line)).orElseThrow();
        return source + ": no usable rows: " + bad.size() + " bad (line " + first.line() + ": "
                + Messages.cut(first.reason(), 200) + (bad.size() > 1 ? "; and " + (bad.size() - 1) + " more" : "")
                + ")";
    }

    private static String reason(IOException e) {
        return e instanceof AccessDeniedException
                ? "permission denied"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * The lines of a byte stream, each decoded as UTF-8 on its own, so that one undecodable or overlong line is one
     * bad row, not a bad file. After {@link #next}, {@link #problem} says why that line cannot be used (null if it can);
     * its text is then what could be decoded, with replacement characters.
     */
    private static final class Lines implements AutoCloseable {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String problem;

        Lines(InputStream in) {
            this.in = in;
        }

        String next() throws IOException {
            buf.reset();
            problem = null;
            long length = 0;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (++length <= MAX_LINE_BYTES) {
                    buf.write(b);
                }
            }
            if (b == -1 && length == 0) {
                return null;
            }
            byte[] bytes = buf.toByteArray();
            int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            if (length > MAX_LINE_BYTES) {
                problem = "line longer than " + MAX_LINE_BYTES + " bytes (" + length + ")";
                return new String(bytes, 0, Math.min(end, MAX_BAD_TEXT), StandardCharsets.UTF_8);
            }
            try {
                return utf8.decode(ByteBuffer.wrap(bytes, 0, end)).toString();
            } catch (CharacterCodingException e) {
                int at = firstBadByte(bytes, end);
                problem = "not valid UTF-8 (byte 0x" + String.format("%02X", bytes[at] & 0xFF) + " at column "
                        + (at + 1) + ")";
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
        }

        /** Index of the first byte where decoding fails. */
        private int firstBadByte(byte[] bytes, int end) {
            for (int i = 0; i < end; i++) {
                int len = (bytes[i] & 0x80) == 0
                        ? 1
                        : (bytes[i] & 0xE0) == 0xC0
                                ? 2
                                : (bytes[i] & 0xF0) == 0xE0 ? 3 : (bytes[i] & 0xF8) == 0xF0 ? 4 : 0;
                if (len == 0 || i + len > end) {
                    return i;
                }
                try {
                    utf8.decode(ByteBuffer.wrap(bytes, i, len));
                } catch (CharacterCodingException e) {
                    return i;
                }
                i += len - 1;
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static void parseRow(String line, long n, int values, List<Row> rows, List<BadRow> bad) {
        String[] f = line.split(",", -1);
        if (f.length != values + 2) {
            bad.add(new BadRow(
                    n, "expected " + (values + 2) + " columns, found " + f.length, Messages.cut(line, MAX_BAD_TEXT)));
            return;
        }
        String key = f[0].strip();
        if (key.isEmpty()) {
            bad.add(new BadRow(n, "empty key", Messages.cut(line, MAX_BAD_TEXT)));
            return;
        }
        long ts;
        try {
            ts = Timestamps.parseText(f[1]);
        } catch (IllegalArgumentException e) {
            bad.add(new BadRow(n, e.getMessage(), Messages.cut(line, MAX_BAD_TEXT)));
            return;
        }
        double[] v = new double[values];
        for (int i = 0; i < values; i++) {
            try {
                v[i] = Numbers.parseDecimal(f[i + 2].strip());
            } catch (NumberFormatException e) {
                bad.add(new BadRow(
                        n,
                        "value " + (i + 1) + " is not a number: " + Messages.quote(f[i + 2]),
                        Messages.cut(line, MAX_BAD_TEXT)));
                return;
            }
            if (!Double.isFinite(v[i])) {
                bad.add(new BadRow(
                        n, "value " + (i + 1) + " is not finite: " + v[i], Messages.cut(line, MAX_BAD_TEXT)));
                return;
            }
        }
        rows.add(new Row(key, ts, v, n));
    }
}

package dev.streamcast.jobs.common.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.streamcast.jobs.common.BadRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A dead letter as JSON:
 * {@code {"reason","detail","key","topic","partition","offset","size","raw_base64","raw_text","truncated"}}.
 * {@code reason} is the lower-case reason id (e.g. {@code bad_timestamp}); {@code key} is null when it could not be
 * read; {@code size} is the record's length on its topic; {@code raw_base64} holds the original bytes exactly, and
 * {@code raw_text} repeats them as text only when they are valid UTF-8.
 *
 * <p>Every field is bounded, so that a dead letter always fits a Kafka record (1 MB by default) whatever the record
 * was: {@code raw_base64} holds at most the first {@link #MAX_RAW_BYTES} bytes, {@code raw_text} at most
 * {@link #MAX_TEXT_CHARS} characters, {@code detail} and {@code key} at most {@link #MAX_FIELD_CHARS}; when anything
 * was cut, {@code "truncated":true} says so (a record too large to use arrives here already cut to an excerpt). The
 * largest dead letter is about 470 KB.
 */
public final class DeadLetterJson {
    private DeadLetterJson() {}

    public static final int MAX_RAW_BYTES = 262_144;
    public static final int MAX_TEXT_CHARS = 16_384;
    public static final int MAX_FIELD_CHARS = 1_024;

    public static byte[] write(BadRecord b) {
        byte[] raw = b.raw == null ? new byte[0] : b.raw;
        int size = Math.max(b.size, raw.length);
        int kept = Math.min(raw.length, MAX_RAW_BYTES);
        boolean cut = kept < size;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + kept * 2);
        try (JsonGenerator g = ForecastJson.JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("reason", b.reason == null ? null : b.reason.id());
            String detail = bounded(b.detail);
            String key = bounded(b.key);
            cut |= detail != b.detail || key != b.key;
            g.writeStringField("detail", detail);
            g.writeStringField("key", key);
            g.writeStringField("topic", bounded(b.topic));
            g.writeNumberField("partition", b.partition);
            g.writeNumberField("offset", b.offset);
            g.writeNumberField("size", size);
            g.writeFieldName("raw_base64");
            g.writeString(Base64.getEncoder().encodeToString(kept == raw.length ? raw : slice(raw, kept)));
            String text = utf8(raw, kept, kept < size);
            if (text != null) {
                if (text.length() > MAX_TEXT_CHARS) {
                    text = cut(text, MAX_TEXT_CHARS);
                    cut = true;
                }
                g.writeStringField("raw_text", text);
            }
            if (cut) {
                g.writeBooleanField("truncated", true);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** s itself if it is short enough (the same instance), else its first {@link #MAX_FIELD_CHARS} characters. */
    static String bounded(String s) {
        return s == null || s.length() <= MAX_FIELD_CHARS ? s : cut(s, MAX_FIELD_CHARS);
    }

    /** The first n characters of s, without splitting a surrogate pair. */
    private static String cut(String s, int n) {
        return s.substring(0, Character.isHighSurrogate(s.charAt(n - 1)) ? n - 1 : n);
    }

    private static byte[] slice(byte[] raw, int n) {
        return Arrays.copyOf(raw, n);
    }

    /** The bytes as a String if they are valid UTF-8, else null. */
    static String utf8(byte[] raw) {
        return utf8(raw, raw.length, false);
    }

    /**
     * The first n bytes as a String if they are valid UTF-8, else null; when {@code prefix} (the bytes were cut), a
     * character cut in two at the end is dropped rather than refused.
     */
    static String utf8(byte[] raw, int n, boolean prefix) {
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw, 0, n);
        CharBuffer out = CharBuffer.allocate(n);
        CoderResult r = d.decode(in, out, !prefix);
        if (r.isError() || (!prefix && d.flush(out).isError())) {
            return null;
        }
        if (in.remaining() > 3) {
            return null;
        }
        return out.flip().toString();
    }
}

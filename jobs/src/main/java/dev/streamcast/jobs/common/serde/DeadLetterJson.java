package dev.streamcast.jobs.common.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.streamcast.jobs.common.BadRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A dead letter as JSON: {@code {"reason","detail","key","topic","partition","offset","raw_base64","raw_text"}}.
 * {@code reason} is the lower-case reason id (e.g. {@code bad_timestamp}); {@code key} is null when it could not be
 * read; {@code raw_base64} holds the original bytes exactly, and {@code raw_text} repeats them as text only when they
 * are valid UTF-8.
 */
public final class DeadLetterJson {
    private DeadLetterJson() {}

    public static byte[] write(BadRecord b) {
        byte[] raw = b.raw == null ? new byte[0] : b.raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + raw.length * 3);
        try (JsonGenerator g = ForecastJson.JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("reason", b.reason == null ? null : b.reason.id());
            g.writeStringField("detail", b.detail);
            g.writeStringField("key", b.key);
            g.writeStringField("topic", b.topic);
            g.writeNumberField("partition", b.partition);
            g.writeNumberField("offset", b.offset);
            g.writeStringField("raw_base64", Base64.getEncoder().encodeToString(raw));
            String text = utf8(raw);
            if (text != null) {
                g.writeStringField("raw_text", text);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** The bytes as a String if they are valid UTF-8, else null. */
    static String utf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

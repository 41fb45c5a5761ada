package dev.streamcast.jobs.data;

/**
 * Input that cannot be used at all: a missing, unreadable or empty file, a bad header, no usable row, Kafka that does
 * not answer. The message is one line naming the file (or topic), the line when there is one, and the problem; the
 * commands print it and exit with status 1 (bad data), never with a stack trace.
 */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

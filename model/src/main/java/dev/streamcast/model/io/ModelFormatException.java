package dev.streamcast.model.io;

/** A model file that cannot be loaded; the message says what is wrong with it. */
public class ModelFormatException extends IllegalArgumentException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

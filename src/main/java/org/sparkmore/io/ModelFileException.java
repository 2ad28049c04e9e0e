package org.sparkmore.io;

/**
 * A model directory that cannot be written or read: missing, incomplete, corrupt or of an unknown format. The message
 * names the directory or file and the problem, so it can be shown to the user as is.
 */
public final class ModelFileException extends RuntimeException {

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

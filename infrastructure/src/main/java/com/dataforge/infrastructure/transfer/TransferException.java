package com.dataforge.infrastructure.transfer;

/**
 * A file import or export that cannot go ahead or failed, with a message that is one line for the person at the
 * command line: which file, which column, what to do. Nothing was changed when it is thrown.
 */
public final class TransferException extends RuntimeException {

    public TransferException(String message) {
        super(message);
    }

    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }
}

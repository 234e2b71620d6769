package com.dataforge.infrastructure.tls;

/** TLS key material that cannot be served: the message names the file, the option that gave it and the problem. */
public final class TlsFileException extends RuntimeException {

    TlsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

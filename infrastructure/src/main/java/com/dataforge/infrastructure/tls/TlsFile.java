package com.dataforge.infrastructure.tls;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file the server's TLS key material comes from, with what it is for and the option that named it, so that every
 * complaint about it says which file, given how, and what is wrong.
 *
 * @param role what the file holds, completing "TLS …": "certificate file", "keystore"
 * @param option the flag (or variable) that gave the file, e.g. {@code --tls-cert}
 */
public record TlsFile(Path path, String role, String option) {

    /** The bytes of the file, read now. */
    byte[] read() {
        if (Files.isDirectory(path)) {
            throw problem("is a directory, not a file");
        }
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw problem("does not exist", e);
        } catch (AccessDeniedException e) {
            throw problem("cannot be read by this process (permission denied)", e);
        } catch (IOException e) {
            throw problem("cannot be read: " + e.getMessage(), e);
        }
    }

    /** An exception whose message names this file and its option, then {@code problem}. */
    TlsFileException problem(String problem) {
        return problem(problem, null);
    }

    TlsFileException problem(String problem, Throwable cause) {
        return new TlsFileException("TLS " + role + " " + path.toAbsolutePath() + " (" + option + ") " + problem,
                cause);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}

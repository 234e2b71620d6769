package com.dataforge.infrastructure.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * What a file looks like from outside: its modification time, size and identity (inode), through symbolic links,
 * so that certbot's relinking of {@code live/} to new files in {@code archive/}, a Kubernetes secret's swapped
 * directory and a file replaced by rename all count as changes, even within the file system's time resolution.
 * A missing or unreadable file has a stamp too, so that its coming back is a change.
 */
record FileStamp(Path path, FileTime modified, long size, Object identity) {

    static FileStamp of(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new FileStamp(path, attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (IOException e) {
            return new FileStamp(path, null, -1, null);
        }
    }

    static List<FileStamp> of(List<TlsFile> files) {
        return files.stream().map(file -> of(file.path())).toList();
    }
}

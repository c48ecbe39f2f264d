package org.zfnet.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * A file's version as far as its metadata tells: size, modification time and file key (the inode on Unix, so that a
 * file moved into place over the old one differs even with the same size and time). Two stamps of an unchanged file
 * are equal; a file that cannot be read has the stamp {@link #MISSING} (its reader then says why).
 */
record FileStamp(long size, FileTime modified, Object key) {

    static final FileStamp MISSING = new FileStamp(-1, FileTime.fromMillis(0), null);

    static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(a.size(), a.lastModifiedTime(), a.fileKey());
        } catch (IOException e) {
            return MISSING;
        }
    }
}

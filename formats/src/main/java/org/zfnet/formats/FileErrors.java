package org.zfnet.formats;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The one place that says what went wrong with a file in words a user reads: Java's file exceptions carry only the
 * path as their message ({@code AccessDeniedException: /x/y}), so every reader and writer words them here. And the
 * check every reader makes before opening a file: that it is a regular file (a FIFO would block the read forever, a
 * device would never end).
 */
public final class FileErrors {

    private FileErrors() {
    }

    /** Why {@code e} happened, e.g. {@code permission denied}, naming the file when it is not {@code about}. */
    public static String reason(IOException e, Path about) {
        String file = e instanceof FileSystemException f && f.getFile() != null
                && (about == null || !Path.of(f.getFile()).equals(about)) ? " (" + f.getFile() + ")" : "";
        String what;
        if (e instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            what = "no such file or folder";
        } else if (e instanceof FileAlreadyExistsException) {
            what = "already exists";
        } else if (e instanceof NotDirectoryException) {
            what = "not a folder";
        } else if (e instanceof DirectoryNotEmptyException) {
            what = "folder not empty";
        } else if (e instanceof FileSystemLoopException) {
            what = "symbolic links form a loop";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            what = f.getReason().toLowerCase(java.util.Locale.ROOT);
        } else {
            String message = String.valueOf(e.getMessage());
            what = message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return what + file;
    }

    /**
     * Fails with a {@link FormatException} naming {@code file} unless it is a regular file (links followed): missing,
     * a folder, a FIFO, a device or a socket.
     */
    public static void requireRegularFile(Path file) {
        if (Files.isRegularFile(file)) {
            return;
        }
        if (!Files.exists(file)) {
            throw new FormatException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new FormatException(file + ": is a folder, not a file");
        }
        throw new FormatException(file + ": not a regular file (a pipe, device or socket); zfnet reads regular files only");
    }
}

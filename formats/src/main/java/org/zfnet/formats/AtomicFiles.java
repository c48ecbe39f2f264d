package org.zfnet.formats;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Writes a file under a temporary name beside it and moves it into place, so no half-written file is ever seen. */
public final class AtomicFiles {

    /** Writes to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Writer writer) {
        try (Staged staged = open(target)) {
            writer.write(staged.out());
            staged.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + FileErrors.reason(e, target), e);
        }
    }

    /**
     * A file to be written piece by piece under a temporary name beside {@code target} (e.g. batch after batch of a
     * long run); {@link Staged#commit()} moves it into place, {@link Staged#close()} without a commit removes it.
     */
    public static Staged open(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // a hidden sibling, created with the user's default permissions (createTempFile would make it private)
        Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
        return new Staged(target, temp, new BufferedOutputStream(Files.newOutputStream(temp,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16));
    }

    /** A file being written under a temporary name; see {@link #open}. */
    public static final class Staged implements AutoCloseable {

        private final Path target;
        private final Path temp;
        private final OutputStream out;
        private boolean done;

        private Staged(Path target, Path temp, OutputStream out) {
            this.target = target;
            this.temp = temp;
            this.out = out;
        }

        public OutputStream out() {
            return out;
        }

        /** Closes the file and moves it into place, replacing a file there. */
        public void commit() throws IOException {
            out.close();
            move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        }

        /** Removes the temporary file unless it was committed. */
        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    out.close();
                } catch (IOException ignored) {
                    // removed below all the same
                }
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temporary file is hidden and harmless
                }
            }
        }
    }

    /** Moves a file or folder atomically where the file system can, else plainly, with the given options. */
    public static void move(Path from, Path to, CopyOption... options) throws IOException {
        CopyOption[] atomic = Arrays.copyOf(options, options.length + 1);
        atomic[options.length] = StandardCopyOption.ATOMIC_MOVE;
        try {
            Files.move(from, to, atomic);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, options);
        }
    }
}

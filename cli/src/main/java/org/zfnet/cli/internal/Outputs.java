package org.zfnet.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.formats.AtomicFiles;
import org.zfnet.formats.FileErrors;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.IntArray;
import org.zfnet.formats.Npy;

/**
 * The one writer: arrays as {@code .npy}, summaries as JSON. A run writes into a hidden staging folder beside
 * {@code --out} and {@link #publish()} moves it into place when everything is written, so a failed or interrupted run
 * leaves nothing under the final name, and a re-run replaces the earlier run's folder as a whole (no stale files of
 * other options). {@code --out} must be new, empty or an earlier zfnet output: a folder holding zfnet's {@link #MARKER},
 * which lists every file zfnet wrote there, and nothing else, so that a replacement never deletes a file zfnet did not
 * write. {@code --out} given as a symbolic link to a folder stays a link; the folder it points to is replaced.
 */
final class Outputs implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The file only zfnet writes, into every output folder it publishes: the list of the files it wrote there. */
    static final String MARKER = ".zfnet-output.json";
    private static final int NAMES_SHOWN = 3;

    private final Path given;
    private final Path target;
    private final Path staging;
    private boolean published;

    Outputs(Path dir) {
        if (dir == null) {
            throw new InvalidInputException("no --out folder given");
        }
        this.given = dir;
        this.target = resolve(dir);
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new InvalidInputException("--out " + dir + " is a file, not a folder");
        }
        if (Files.isDirectory(target)) {
            requireReplaceable(dir, target);
        }
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
            removeLeftovers(parent, target.getFileName().toString());
            this.staging = Files.createDirectory(parent.resolve("." + target.getFileName() + ".part-"
                    + Long.toHexString(System.nanoTime())));
            StagingFolders.add(staging, dir);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create --out folder " + dir + ": " + FileErrors.reason(e, target));
        }
    }

    /** The folder to write: the one a symbolic link points to (the link stays), else the path as given. */
    private static Path resolve(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isSymbolicLink(absolute)) {
            return absolute;
        }
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException("--out " + dir + " is a symbolic link to nothing: "
                    + FileErrors.reason(e, absolute));
        }
    }

    /** Where the run writes: the staging folder until {@link #publish()}, then the final folder as given. */
    Path dir() {
        return published ? given : staging;
    }

    /**
     * The checkpoint folder of runs to this {@code --out} (created if missing): kept when a run fails or is
     * interrupted, so that the same command resumes, and removed by {@link #publish()}.
     */
    Path checkpoints() {
        Path dir = checkpointsOf(target);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + FileErrors.reason(e, dir), e);
        }
    }

    private static Path checkpointsOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".checkpoints");
    }

    /**
     * Writes the {@link #MARKER}, moves the staging folder into place, replacing an earlier output there, and drops
     * the run's checkpoints.
     */
    void publish() {
        try {
            json(MARKER, Map.of("written_by", "zfnet", "files", relativeFiles(staging)));
            Path old = null;
            if (Files.exists(target)) {
                old = target.resolveSibling("." + target.getFileName() + ".old-" + Long.toHexString(System.nanoTime()));
                AtomicFiles.move(target, old);
            }
            AtomicFiles.move(staging, target);
            published = true;
            if (old != null) {
                deleteTree(old);
            }
            deleteTree(checkpointsOf(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the outputs into " + target + ": " + FileErrors.reason(e, target), e);
        }
    }

    /** Removes the staging folder unless it was published (a failed run leaves nothing). */
    @Override
    public void close() {
        StagingFolders.remove(staging);
        if (!published) {
            try {
                deleteTree(staging);
                Files.deleteIfExists(checkpointsOf(target)); // only when empty: what is in it lets a re-run resume
            } catch (java.nio.file.DirectoryNotEmptyException kept) {
                // checkpoints of the interrupted run, for the next run of the same command
            } catch (IOException ignored) {
                // a hidden folder beside --out; the next run to the same folder removes it
            }
        }
    }

    /**
     * Refuses a folder that is not empty unless zfnet's marker lists every file in it: replacing it must not delete
     * what zfnet did not write (a user's file added to an earlier output, or a folder that merely holds a
     * {@code report.json}).
     */
    private static void requireReplaceable(Path given, Path dir) {
        try {
            List<String> present = relativeFiles(dir);
            if (present.isEmpty()) {
                return;
            }
            Path marker = dir.resolve(MARKER);
            Set<String> written = new HashSet<>();
            if (Files.isRegularFile(marker)) {
                JSON.readTree(marker.toFile()).path("files").forEach(f -> written.add(f.asText()));
                written.add(MARKER);
            }
            List<String> foreign = present.stream().filter(f -> !written.contains(f)).toList();
            if (!foreign.isEmpty()) {
                throw new InvalidInputException("--out " + given + " holds files zfnet did not write ("
                        + String.join(", ", foreign.subList(0, Math.min(NAMES_SHOWN, foreign.size())))
                        + (foreign.size() > NAMES_SHOWN ? " and " + (foreign.size() - NAMES_SHOWN) + " more" : "")
                        + "); zfnet replaces only its own output folders: choose another folder");
            }
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new InvalidInputException("cannot read --out folder " + given + ": " + FileErrors.reason(cause, dir));
        }
    }

    /** Every file and empty folder under {@code dir}, as paths relative to it with '/', sorted. */
    private static List<String> relativeFiles(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir) && (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || isEmpty(p)))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Staging and replaced folders of runs to the same folder that were killed before they cleaned up. */
    private static void removeLeftovers(Path parent, String name) throws IOException {
        try (Stream<Path> files = Files.list(parent)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("." + name + ".part-")
                    || p.getFileName().toString().startsWith("." + name + ".old-")).toList()) {
                deleteTree(p);
            }
        }
    }

    /** Deletes a file or a folder with everything in it; nothing when it does not exist. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The {@code .npy} file of this name: float32, or int32 for integer arrays. */
    Path array(String name, INDArray a) {
        Path file = dir().resolve(name);
        if (a.dataType().isIntType()) {
            try (INDArray ints = a.castTo(DataType.INT32).dup('c')) {
                Npy.write(file, new IntArray(a.shape(), HostArrays.ints(ints)));
            }
        } else {
            try (INDArray floats = a.castTo(DataType.FLOAT).dup('c')) {
                Npy.write(file, new FloatArray(a.shape(), HostArrays.floats(floats)));
            }
        }
        return file;
    }

    /** The {@code .npy} file of this name, float32 of this shape, written piece by piece (see {@link Npy#appender}). */
    Npy.Appender appender(String name, long[] shape) {
        return Npy.appender(dir().resolve(name), shape);
    }

    Path json(String name, Object value) {
        Path file = dir().resolve(name);
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name + " as JSON", e);
        }
        AtomicFiles.write(file, out -> out.write(bytes));
        return file;
    }
}

package org.zfnet.plugin.deconv.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of a top-k mining pass, saved now and then so that an interrupted run resumes: how many inputs were
 * done and the hits kept so far. A checkpoint only applies to the same work (tap, channels, k, weights, inputs), which
 * its first line records; anything else in the file is ignored and overwritten.
 */
final class MiningCheckpoint {

    /** Inputs done, and the hits kept after them. */
    record State(int done, List<TopActivations.Hit> hits) {
    }

    private static final String FILE = "top-activations.txt";

    private final Path file;
    private final String work;

    private MiningCheckpoint(Path file, String work) {
        this.file = file;
        this.work = work;
    }

    /** The checkpoint of this work in {@code folder}. */
    static MiningCheckpoint of(Path folder, String work) {
        return new MiningCheckpoint(folder.resolve(FILE), work.replace('\n', ' '));
    }

    /** The saved state of this work, if there is one (a damaged or foreign file counts as none). */
    Optional<State> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2 || !lines.get(0).equals(work)) {
                return Optional.empty();
            }
            int done = Integer.parseInt(lines.get(1).trim());
            List<TopActivations.Hit> hits = new ArrayList<>();
            for (String line : lines.subList(2, lines.size())) {
                String[] f = line.trim().split(" ");
                hits.add(new TopActivations.Hit(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                        Float.intBitsToFloat(Integer.parseUnsignedInt(f[2], 16)), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4])));
            }
            return Optional.of(new State(done, hits));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Saves the state (temporary file, then move: a run killed while saving leaves the previous checkpoint). */
    void save(int done, List<TopActivations.Hit> hits) {
        StringBuilder text = new StringBuilder(work).append('\n').append(done).append('\n');
        for (TopActivations.Hit h : hits) {
            text.append(h.input()).append(' ').append(h.channel()).append(' ')
                    .append(Integer.toHexString(Float.floatToIntBits(h.value()))).append(' ').append(h.y()).append(' ')
                    .append(h.x()).append('\n');
        }
        Path temp = file.resolveSibling(FILE + ".part");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the mining checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the checkpoint once its work is complete. */
    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}

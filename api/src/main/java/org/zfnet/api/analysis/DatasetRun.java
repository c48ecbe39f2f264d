package org.zfnet.api.analysis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.zfnet.api.InvalidInputException;

/**
 * Runs a {@link DatasetWork} on one machine: the inputs, repeated names told apart ({@code a.png}, {@code a.png (2)},
 * ... in input order), in shards of {@code batch} inputs in order, each merged into the state so
 * far, then the revisited inputs' details, then {@link DatasetWork#finish}. Where the context keeps checkpoints
 * ({@link AnalysisContext#checkpoints()}) the state is saved now and then, and a run of the same work resumes from it.
 */
public final class DatasetRun {

    /** How often a state is saved where the context keeps checkpoints. */
    public static final long SAVE_EVERY_NANOS = 10_000_000_000L;

    private static final String FILE = "dataset-state.bin";

    private DatasetRun() {
    }

    /** Runs {@code work} over {@code inputs} in shards of {@code batch}; see the class comment. */
    public static <S> AnalysisResult local(DatasetWork<S> work, InputSet inputs, int batch, AnalysisContext context) {
        return local(work, inputs, batch, context, SAVE_EVERY_NANOS);
    }

    /** As {@link #local(DatasetWork, InputSet, int, AnalysisContext)}, saving states at most every {@code saveEveryNanos}. */
    public static <S> AnalysisResult local(DatasetWork<S> work, InputSet given, int batch, AnalysisContext context,
            long saveEveryNanos) {
        InputSet inputs = given.distinctlyNamed();
        if (batch < 1) {
            throw new InvalidInputException("a batch needs at least one input, got " + batch);
        }
        if (inputs.size() == 0) {
            throw new InvalidInputException(work.task() + " needs at least one input");
        }
        Optional<Path> file = context.checkpoints().map(dir -> dir.resolve(FILE));
        String key = key(work, inputs, context);
        int start = 0;
        S state = null;
        Optional<Saved> saved = file.flatMap(f -> load(f, key));
        if (saved.isPresent()) {
            start = saved.get().done();
            state = work.read(saved.get().state());
        }
        Progress progress = context.progress();
        long perInput = work.progressPerInput(context);
        progress.start(work.task() + (start > 0 ? " (resumed after input " + start + " of " + inputs.size() + ")" : ""),
                (inputs.size() - start) * Math.max(1, perInput));
        long lastSave = System.nanoTime();
        for (int from = start; from < inputs.size(); from += batch) {
            context.checkCancelled();
            int to = Math.min(inputs.size(), from + batch);
            S shard = work.shard(inputs.slice(from, to), context);
            state = state == null ? shard : work.merge(state, shard);
            if (perInput == 0) {
                progress.advance(to - from);
            }
            if (file.isPresent() && to < inputs.size() && System.nanoTime() - lastSave >= saveEveryNanos) {
                save(file.get(), key, to, work.write(state));
                lastSave = System.nanoTime();
            }
        }
        Set<String> revisit = work.revisit(state);
        if (!revisit.isEmpty()) {
            context.checkCancelled();
            state = work.merge(state, work.details(state, inputs.select(indices(inputs, revisit)), context));
        }
        AnalysisResult result = work.finish(state, context);
        file.ifPresent(DatasetRun::delete);
        return result;
    }

    /** The positions in {@code inputs} of the inputs named, in input order; every name must be there, once. */
    public static List<Integer> indices(InputSet inputs, Set<String> names) {
        Map<String, Integer> positions = new HashMap<>();
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String name = inputs.name(i);
            if (positions.put(name, i) != null && names.contains(name)) {
                throw new InvalidInputException("two inputs are named " + name + ": a dataset's names must be unique");
            }
            if (names.contains(name)) {
                found.add(i);
            }
        }
        if (found.size() != names.size()) {
            List<String> missing = names.stream().filter(n -> !positions.containsKey(n)).sorted().toList();
            throw new IllegalStateException("inputs to revisit are not among the inputs: " + missing);
        }
        return found;
    }

    private static String key(DatasetWork<?> work, InputSet inputs, AnalysisContext context) {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < inputs.size(); i++) {
            names.append(inputs.name(i)).append('\n');
        }
        return (work.key() + " model " + context.network().spec().name() + " weights " + context.network().weightsSource()
                + " inputs " + inputs.size() + " " + Integer.toHexString(names.toString().hashCode())).replace('\n', ' ');
    }

    private record Saved(int done, byte[] state) {
    }

    /** The saved state of this work, if there is one (a damaged or foreign file counts as none). */
    private static Optional<Saved> load(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (!in.readUTF().equals(key)) {
                return Optional.empty();
            }
            int done = in.readInt();
            byte[] state = new byte[in.readInt()];
            in.readFully(state);
            return Optional.of(new Saved(done, state));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Saves the state (temporary file, then move: a run killed while saving leaves the previous checkpoint). */
    private static void save(Path file, String key, int done, byte[] state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(key);
            out.writeInt(done);
            out.writeInt(state.length);
            out.write(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path temp = file.resolveSibling(FILE + ".part");
        try {
            Files.write(temp, bytes.toByteArray());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}

package org.zfnet.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.FileNames;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.formats.Npy;

/**
 * The taps of a forward pass over many inputs, each streamed into its {@code <tap>.npy} batch after batch (the tap's
 * name made a file name by {@link FileNames}, e.g. {@code layer4_layer4.1_relu_1_Relu.npy}): the
 * header with the final shape {@code [inputs, ...]}, then each batch's values, so that memory holds one batch. The
 * files are opened at the first batch, which gives the shapes, after checking that they fit on the disk.
 */
final class TapFiles implements AutoCloseable {

    private final Outputs outputs;
    private final List<String> taps;
    /** Tap to file name ({@code .npy}). */
    private final Map<String, String> names;
    private final int inputs;
    private final Map<String, Npy.Appender> files = new LinkedHashMap<>();
    private final Map<String, List<Long>> shapes = new LinkedHashMap<>();

    TapFiles(Outputs outputs, List<String> taps, int inputs) {
        this.outputs = outputs;
        this.taps = List.copyOf(new LinkedHashSet<>(taps));
        this.names = new LinkedHashMap<>();
        FileNames.unique(this.taps).forEach((tap, stem) -> names.put(tap, stem + ".npy"));
        this.inputs = inputs;
    }

    /** Writes the batch's taps, after the earlier batches' (the first batch opens the files). */
    void append(ForwardTrace trace) {
        if (files.isEmpty()) {
            open(trace);
        }
        for (String tap : taps) {
            files.get(tap).append(HostArrays.floats(trace.tap(tap)));
        }
    }

    /** The file of each tap, by file name: what report.json records, as a tap's name may not be a file name. */
    Map<String, String> files() {
        Map<String, String> byFile = new LinkedHashMap<>();
        taps.forEach(tap -> byFile.put(names.get(tap), tap));
        return byFile;
    }

    /** Moves every file into place, once all inputs are written; the taps' shapes, by name. */
    Map<String, List<Long>> finish() {
        files.values().forEach(Npy.Appender::finish);
        return shapes;
    }

    private void open(ForwardTrace trace) {
        long bytes = 0;
        for (String tap : taps) {
            long[] shape = trace.tap(tap).shape().clone();
            shape[0] = inputs;
            shapes.put(tap, Arrays.stream(shape).boxed().toList());
            bytes += Arrays.stream(shape).reduce(Float.BYTES, Math::multiplyExact);
        }
        requireSpace(bytes, usableSpace(outputs.dir()), inputs);
        for (String tap : taps) {
            files.put(tap, outputs.appender(names.get(tap), shapes.get(tap).stream().mapToLong(Long::longValue).toArray()));
        }
    }

    /** Refuses, before anything is written, taps that need more bytes than the {@code --out} file system has free. */
    static void requireSpace(long needed, long free, int inputs) {
        if (needed > free) {
            throw new InvalidInputException(String.format(Locale.ROOT, "the taps of %,d input(s) need %s and the file "
                    + "system of --out has %s free; choose fewer --taps or inputs, or another --out", inputs,
                    gigabytes(needed), gigabytes(free)));
        }
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the free space of " + dir + ": " + e.getMessage());
        }
    }

    /** Removes the files not finished (a failed run leaves none). */
    @Override
    public void close() {
        files.values().forEach(Npy.Appender::close);
    }
}

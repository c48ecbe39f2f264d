package org.zfnet.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.data.Images;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;

/**
 * {@code --input}: a {@code .npy} float32 batch {@code [N, C, H, W]} used as is (already preprocessed), or
 * image files and folders of them, preprocessed as the model's spec says.
 */
final class Inputs {

    static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    /** A batch and one name per input. */
    record Batch(INDArray data, List<String> names) {
    }

    private Inputs() {
    }

    /**
     * Checks that the inputs exist and are of a kind zfnet reads, before any work is done: one {@code .npy}
     * file, or images and folders of them (expanded to their images, sorted by name).
     */
    static List<Path> resolve(List<Path> paths) {
        if (paths == null || paths.isEmpty()) {
            throw new InvalidInputException("no --input given");
        }
        if (paths.size() == 1 && paths.get(0).toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            if (!Files.isRegularFile(paths.get(0))) {
                throw new InvalidInputException("input " + paths.get(0) + ": no such file");
            }
            return paths;
        }
        List<Path> images = new ArrayList<>();
        for (Path p : paths) {
            images.addAll(expand(p));
        }
        return images;
    }

    /** Loads what {@link #resolve} accepted. */
    static Batch load(List<Path> resolved, ModelSpec spec) {
        if (resolved.size() == 1 && resolved.get(0).toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return npy(resolved.get(0), spec);
        }
        List<Path> images = resolved;
        float[] data = new float[Math.multiplyExact(images.size(), spec.input().get(0) * spec.input().get(1)
                * spec.input().get(2))];
        int per = data.length / images.size();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            float[] one = Images.preprocess(images.get(i), spec).data();
            System.arraycopy(one, 0, data, i * per, per);
            names.add(images.get(i).getFileName().toString());
        }
        long[] shape = {images.size(), spec.input().get(0), spec.input().get(1), spec.input().get(2)};
        return new Batch(Nd4j.create(data, shape, 'c'), names);
    }

    private static Batch npy(Path file, ModelSpec spec) {
        FloatArray a = Npy.readFloat32(file);
        long[] s = a.shape();
        long[] expected = spec.input().stream().mapToLong(Integer::longValue).toArray();
        if (s.length != 4 || !Arrays.equals(Arrays.copyOfRange(s, 1, 4), expected) || s[0] < 1) {
            throw new InvalidInputException(file + ": shape " + Arrays.toString(s) + " does not fit model "
                    + spec.name() + ", which takes [N, " + expected[0] + ", " + expected[1] + ", " + expected[2] + "]");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < s[0]; i++) {
            names.add(file.getFileName() + "[" + i + "]");
        }
        return new Batch(Nd4j.create(a.data(), s, 'c'), names);
    }

    /** A file as itself; a folder as its images, sorted by name. */
    static List<Path> expand(Path p) {
        if (Files.isDirectory(p)) {
            try (Stream<Path> files = Files.list(p)) {
                List<Path> images = files.filter(f -> Files.isRegularFile(f) && isImage(f)).sorted().toList();
                if (images.isEmpty()) {
                    throw new InvalidInputException("input folder " + p + " has no .png or .jpg images");
                }
                return images;
            } catch (IOException e) {
                throw new InvalidInputException("cannot list input folder " + p + ": " + e.getMessage());
            }
        }
        if (!Files.isRegularFile(p)) {
            throw new InvalidInputException("input " + p + ": no such file or folder");
        }
        if (!isImage(p)) {
            throw new InvalidInputException("input " + p + ": expected a .npy array or .png/.jpg images");
        }
        return List.of(p);
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}

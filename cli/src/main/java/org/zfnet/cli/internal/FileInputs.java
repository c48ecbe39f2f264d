package org.zfnet.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.ObjectAnnotation;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.data.Annotation;
import org.zfnet.data.AnnotationSet;
import org.zfnet.data.Images;
import org.zfnet.formats.FileErrors;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.FormatException;
import org.zfnet.formats.Npy;

/**
 * {@code --input}: {@code .npy} float32 batches {@code [N, C, H, W]} used as they are (already preprocessed), one after
 * the other as one batch, or image
 * files and folders of them, preprocessed by the model's spec when a batch is loaded. Images of a procedural
 * dataset bring their annotations (from {@code annotations.json} of their split), mapped to input pixels.
 */
final class FileInputs implements InputSet {

    static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private final ModelSpec spec;
    private final List<Path> images;
    private final List<NamedArray> arrays;
    private final int arrayInputs;
    private final Map<Path, Optional<AnnotationSet>> annotationSets = new HashMap<>();

    /** A {@code .npy} batch of {@code --input} and its file name. */
    private record NamedArray(String name, FloatArray array) {
        int size() {
            return (int) array.shape()[0];
        }
    }

    private FileInputs(ModelSpec spec, List<Path> images, List<NamedArray> arrays) {
        this.spec = spec;
        this.images = images;
        this.arrays = arrays;
        this.arrayInputs = arrays.stream().mapToInt(NamedArray::size).sum();
    }

    /**
     * Checks that the inputs exist and are of a kind zfnet reads, before any work is done; images are loaded
     * later, a batch at a time.
     */
    static FileInputs of(List<Path> paths, ModelSpec spec) {
        if (paths == null || paths.isEmpty()) {
            throw new InvalidInputException("no --input given");
        }
        long arrays = paths.stream().filter(FileInputs::isArray).count();
        if (arrays > 0 && arrays < paths.size()) {
            throw new InvalidInputException("--input mixes .npy arrays (" + paths.stream().filter(FileInputs::isArray)
                    .findFirst().orElseThrow() + ") and images (" + paths.stream().filter(p -> !isArray(p)).findFirst()
                    .orElseThrow() + "); give arrays only or images only");
        }
        if (arrays > 0) {
            List<NamedArray> read = new ArrayList<>();
            long total = 0;
            for (Path p : paths) {
                NamedArray a = new NamedArray(p.getFileName().toString(), npy(p, spec));
                total += a.size();
                if (total > Integer.MAX_VALUE) {
                    throw new InvalidInputException("--input holds more than " + Integer.MAX_VALUE + " inputs");
                }
                read.add(a);
            }
            return new FileInputs(spec, List.of(), List.copyOf(read));
        }
        List<Path> images = new ArrayList<>();
        for (Path p : paths) {
            images.addAll(expand(p));
        }
        return new FileInputs(spec, images, List.of());
    }

    @Override
    public int size() {
        return arrays.isEmpty() ? images.size() : arrayInputs;
    }

    /** An input of an array by its file name and index in that file, e.g. {@code batch.npy[3]}. */
    @Override
    public String name(int index) {
        if (arrays.isEmpty()) {
            return images.get(index).getFileName().toString();
        }
        for (NamedArray a : arrays) {
            if (index < a.size()) {
                return a.name() + "[" + index + "]";
            }
            index -= a.size();
        }
        throw new IndexOutOfBoundsException("input " + index);
    }

    /**
     * The preprocessing the inputs went through, for reports: the shorter side's resize, the centre crop, the mean and
     * standard deviation; or that the {@code .npy} batches are used as they are.
     */
    Map<String, Object> preprocessing() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (!arrays.isEmpty()) {
            p.put("none", arrays.stream().map(NamedArray::name).collect(java.util.stream.Collectors.joining(", "))
                    + (arrays.size() == 1 ? " is used as it is" : " are used as they are, one batch"));
            return p;
        }
        return imagePreprocessing(spec);
    }

    /** The preprocessing images go through for {@code spec}, for reports: resize, centre crop, mean and deviation. */
    static Map<String, Object> imagePreprocessing(ModelSpec spec) {
        Map<String, Object> p = new LinkedHashMap<>();
        Preprocessing used = Images.used(spec);
        p.put("resize", used.resize());
        p.put("crop", spec.input().subList(1, 3));
        p.put("mean", used.mean());
        p.put("std", used.std());
        return p;
    }

    @Override
    public INDArray load(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new InvalidInputException("inputs " + from + " to " + to + " do not exist (there are " + size() + ")");
        }
        long[] one = spec.input().stream().mapToLong(Integer::longValue).toArray();
        int per = (int) (one[0] * one[1] * one[2]);
        float[] data = new float[(to - from) * per];
        if (!arrays.isEmpty()) {
            int start = 0;
            for (NamedArray a : arrays) {
                int lo = Math.max(from, start);
                int hi = Math.min(to, start + a.size());
                if (lo < hi) {
                    System.arraycopy(a.array().data(), (lo - start) * per, data, (lo - from) * per, (hi - lo) * per);
                }
                start += a.size();
            }
        } else {
            IntStream.range(from, to).parallel().forEach(i -> System.arraycopy(
                    Images.preprocess(images.get(i), spec).data(), 0, data, (i - from) * per, per));
        }
        return HostArrays.floats(data, to - from, one[0], one[1], one[2]);
    }

    @Override
    public Optional<ObjectAnnotation> annotation(int index) {
        if (!arrays.isEmpty()) {
            return Optional.empty();
        }
        Path image = images.get(index).toAbsolutePath();
        Path classDir = image.getParent();
        Path split = classDir == null ? null : classDir.getParent();
        if (split == null) {
            return Optional.empty();
        }
        Optional<AnnotationSet> set = annotationSets.computeIfAbsent(split, dir ->
                Files.isRegularFile(dir.resolve(AnnotationSet.FILE)) ? Optional.of(AnnotationSet.read(dir)) : Optional.empty());
        if (set.isEmpty()) {
            return Optional.empty();
        }
        String relative = classDir.getFileName() + "/" + image.getFileName();
        Optional<Annotation> found = set.get().images().stream().filter(a -> a.file().equals(relative)).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(found.get().inInput(Images.preprocess(images.get(index), spec).placement()));
    }

    private static FloatArray npy(Path file, ModelSpec spec) {
        FloatArray a = Npy.readFloat32(file);
        long[] s = a.shape();
        long[] expected = spec.input().stream().mapToLong(Integer::longValue).toArray();
        if (s.length != 4 || !Arrays.equals(Arrays.copyOfRange(s, 1, 4), expected) || s[0] < 1) {
            throw new InvalidInputException(file + ": shape " + Arrays.toString(s) + " does not fit model "
                    + spec.name() + ", which takes [N, " + expected[0] + ", " + expected[1] + ", " + expected[2] + "]");
        }
        float[] data = a.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new InvalidInputException(file + ": holds " + data[i] + " at index " + i + " (input "
                        + i / (expected[0] * expected[1] * expected[2]) + "); inputs must be finite numbers");
            }
        }
        return a;
    }

    /**
     * A file as itself; a folder as the images in it and its subfolders (e.g. a dataset's class folders, linked ones
     * included), sorted by path. Every image is opened once here, so that an unreadable one is refused before any work.
     */
    static List<Path> expand(Path p) {
        List<Path> images;
        if (Files.isDirectory(p)) {
            try (Stream<Path> files = Files.walk(p, FileVisitOption.FOLLOW_LINKS)) {
                images = files.filter(f -> isImage(f) && !Files.isDirectory(f)).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                throw new InvalidInputException("cannot list input folder " + p + ": " + FileErrors.reason(cause, p));
            }
            if (images.isEmpty()) {
                throw new InvalidInputException("input folder " + p + " has no .png or .jpg images (subfolders included)");
            }
        } else if (!Files.exists(p)) {
            throw new InvalidInputException("input " + p + ": no such file or folder");
        } else if (!isImage(p)) {
            throw new InvalidInputException("input " + p + ": expected a .npy array or .png/.jpg images");
        } else {
            images = List.of(p);
        }
        images.forEach(FileInputs::requireReadable);
        return images;
    }

    /** A regular file that opens (not a pipe, which would block, nor a file the user may not read). */
    private static void requireReadable(Path image) {
        try {
            FileErrors.requireRegularFile(image);
            Files.newByteChannel(image).close();
        } catch (FormatException e) {
            throw new InvalidInputException("input " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidInputException("input " + image + ": cannot read: " + FileErrors.reason(e, image));
        }
    }

    private static boolean isArray(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}

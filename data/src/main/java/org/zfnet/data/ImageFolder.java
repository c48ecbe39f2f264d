package org.zfnet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.zfnet.api.InvalidInputException;

/**
 * An ImageNet-style dataset: one sub-folder per class, holding that class's PNG/JPEG images.
 *
 * @param root    the folder
 * @param classes class names (sub-folder names) by label
 * @param samples every image with its label, sorted by class then file name
 */
public record ImageFolder(Path root, List<String> classes, List<Sample> samples) {

    /** One image and its class. */
    public record Sample(Path file, int label) {
    }

    /** Scans {@code root}; classes are its sub-folders in name order. */
    public static ImageFolder scan(Path root) {
        return scan(root, null);
    }

    /** Scans {@code root} for the given classes (so that a validation split uses the training split's labels). */
    public static ImageFolder scan(Path root, List<String> classes) {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("dataset folder " + root + " does not exist");
        }
        List<String> names = classes;
        if (names == null) {
            try (Stream<Path> dirs = Files.list(root)) {
                names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                throw new InvalidInputException("cannot list " + root + ": " + e.getMessage());
            }
        }
        if (names.size() < 2) {
            throw new InvalidInputException("dataset folder " + root + " needs at least two class sub-folders, found "
                    + names.size());
        }
        List<Sample> samples = new ArrayList<>();
        for (int label = 0; label < names.size(); label++) {
            Path dir = root.resolve(names.get(label));
            if (!Files.isDirectory(dir)) {
                throw new InvalidInputException("dataset folder " + root + " has no class folder '" + names.get(label) + "'");
            }
            try (Stream<Path> files = Files.list(dir)) {
                final int l = label;
                List<Path> images = files.filter(ImageFolder::isImage).sorted().toList();
                if (images.isEmpty()) {
                    throw new InvalidInputException("class folder " + dir + " has no .png or .jpg images");
                }
                images.forEach(f -> samples.add(new Sample(f, l)));
            } catch (IOException e) {
                throw new InvalidInputException("cannot list " + dir + ": " + e.getMessage());
            }
        }
        return new ImageFolder(root, List.copyOf(names), List.copyOf(samples));
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
    }
}

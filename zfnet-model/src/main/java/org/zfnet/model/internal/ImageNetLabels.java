package org.zfnet.model.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.zfnet.api.dto.ModelSpec;

/**
 * The ImageNet-1k class names in class order, as torchvision gives them ({@code imagenet-classes.txt}, written by
 * {@code src/main/python/imagenet_classes.py}), for models with 1000 outputs that name no classes of their own.
 */
final class ImageNetLabels {

    static final String RESOURCE = "/org/zfnet/model/imagenet-classes.txt";
    static final int CLASSES = 1000;
    private static final List<String> NAMES = read();

    private ImageNetLabels() {
    }

    /** The class names. */
    static List<String> names() {
        return NAMES;
    }

    /** The spec as it is if it has labels or does not end in 1000 outputs, else with the ImageNet class names. */
    static ModelSpec orOwn(ModelSpec spec) {
        if (!spec.labels().isEmpty()) {
            return spec;
        }
        List<long[]> shapes = CompiledSpec.of(spec).shapes;
        long[] last = shapes.get(shapes.size() - 1);
        if (last.length != 1 || last[0] != CLASSES) {
            return spec;
        }
        return new ModelSpec(spec.name(), spec.description(), spec.input(), spec.preprocessing(), NAMES, spec.layers());
    }

    private static List<String> read() {
        try (InputStream in = ImageNetLabels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks " + RESOURCE);
            }
            List<String> names = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (names.size() != CLASSES) {
                throw new IllegalStateException(RESOURCE + " holds " + names.size() + " names, not " + CLASSES);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}

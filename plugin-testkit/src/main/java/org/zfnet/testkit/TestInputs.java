package org.zfnet.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.ObjectAnnotation;
import org.zfnet.data.Images;
import org.zfnet.data.ProceduralDataset;

/**
 * Inputs for a plugin's tests, shaped for a model's spec ({@code [N, C, H, W]} float32, as the container gives them):
 * seeded random batches, and procedural sample images with their ground truth, the images {@code zfnet dataset
 * generate} and {@code zfnet demo} use. {@link InputSet#of} of the api takes any batch a test computes itself.
 */
public final class TestInputs {

    private TestInputs() {
    }

    /** {@code n} inputs of standard normal values, the same for the same seed: {@code [n, C, H, W]} of the spec. */
    public static INDArray batch(ModelSpec spec, int n, long seed) {
        if (n < 1) {
            throw new InvalidInputException("a batch needs at least one input, got " + n);
        }
        long[] shape = {n, spec.input().get(0), spec.input().get(1), spec.input().get(2)};
        float[] data = new float[Math.multiplyExact(n, spec.input().get(0) * spec.input().get(1) * spec.input().get(2))];
        Random random = new Random(seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return HostArrays.floats(data, shape);
    }

    /** {@link #batch} as inputs named {@code input-0}, {@code input-1}, ... */
    public static InputSet random(ModelSpec spec, int n, long seed) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("input-" + i);
        }
        return InputSet.of(batch(spec, n, seed), names);
    }

    /**
     * {@code perClass} procedural images of each class (boat, car, face, flower, house, tree, in that order), rendered
     * for the seed and preprocessed for the spec as image files are; each has its annotation (the object's and its
     * parts' boxes in input pixels) and is named as {@code zfnet dataset generate} names it ({@code face_00000.png}).
     * The spec must take 3 channels.
     */
    public static InputSet samples(ModelSpec spec, int perClass, long seed) {
        if (perClass < 1) {
            throw new InvalidInputException("need at least 1 image per class, got " + perClass);
        }
        int size = Images.used(spec).resize();
        List<String> names = new ArrayList<>();
        List<ObjectAnnotation> annotations = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        for (int label = 0; label < ProceduralDataset.CLASSES.size(); label++) {
            String cls = ProceduralDataset.CLASSES.get(label);
            for (int i = 0; i < perClass; i++) {
                String name = String.format("%s_%05d.png", cls, i);
                ProceduralDataset.Rendered rendered = ProceduralDataset.render(label, seed, i, size, cls + "/" + name);
                Images.Prepared prepared = Images.preprocess(rendered.image(), spec, name);
                names.add(name);
                images.add(prepared.data());
                annotations.add(rendered.annotation().inInput(prepared.placement()));
            }
        }
        int per = images.get(0).length;
        float[] data = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, data, i * per, per);
        }
        InputSet loaded = InputSet.of(HostArrays.floats(data, images.size(), spec.input().get(0), spec.input().get(1),
                spec.input().get(2)), names);
        return new Annotated(loaded, List.copyOf(annotations));
    }

    /** Inputs with their ground truth. */
    private record Annotated(InputSet inputs, List<ObjectAnnotation> annotations) implements InputSet {

        @Override
        public int size() {
            return inputs.size();
        }

        @Override
        public String name(int index) {
            return inputs.name(index);
        }

        @Override
        public INDArray load(int from, int to) {
            return inputs.load(from, to);
        }

        @Override
        public Optional<ObjectAnnotation> annotation(int index) {
            return Optional.of(annotations.get(index));
        }
    }
}

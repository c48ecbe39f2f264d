package org.zfnet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.NetworkFactory;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.SafeTensors;
import org.zfnet.model.internal.Networks;
import org.zfnet.model.internal.ZfnetMiniModel;
import org.zfnet.model.internal.ZfnetModel;

/**
 * Networks for tests, built by the model bundle's own {@link NetworkFactory} on the real CPU kernels (ND4J's native
 * CPU backend, oneDNN build: the kernels of the container's {@code cpu} backend): small ready ones, zfnet-mini with its
 * shipped weights, and any {@link ModelSpec} a test writes, with seeded random weights, weights from a file or weights
 * given by hand.
 */
public final class TestNetworks {

    private static final NetworkFactory FACTORY = new Networks();

    private TestNetworks() {
    }

    /** Starts ND4J's CPU backend on first use (once per JVM: ND4J cannot change backends). */
    private static final class Cpu {
        static final ComputeBackend KERNELS = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
    }

    /** The CPU compute backend, as the container's {@code cpu} backend service has it. */
    public static ComputeBackend cpu() {
        return Cpu.KERNELS;
    }

    /** The model bundle's network factory: read and write specs, summarise them, load and save weights. */
    public static NetworkFactory factory() {
        return FACTORY;
    }

    /**
     * ZFNet's layer sequence (Zeiler and Fergus, arXiv 1311.2901, Fig. 3) narrow, on a {@code 3 x height x width}
     * input: conv1 6 filters 7x7/2 pad 1, ReLU, max pool 3x3/2 (ceil), LRN, conv2 8 filters 5x5/2, ReLU, pool, LRN,
     * conv3 to conv5 8 filters 3x3/1 pad 1 each with ReLU, pool5, fc6 and fc7 of 16 with ReLU (dropout after fc6),
     * fc8 of 5 classes, softmax {@code prob}; ImageNet preprocessing. The taps are ZFNet's names. On 63x63: conv1 30x30,
     * pool1 15, conv2 6, pool2 3, conv3 to conv5 3, pool5 1. Quick enough to run whole plugins in a unit test.
     */
    public static ModelSpec tinyZfnet(int height, int width) {
        return new ModelSpec("tiny-zfnet", "ZFNet's layers at reduced width for tests", List.of(3, height, width),
                Preprocessing.imagenet(height, width), List.of(), List.of(
                LayerSpec.conv("conv1", 6, 7, 2, 1), LayerSpec.relu(), LayerSpec.maxpool("pool1", 3, 2, true),
                LayerSpec.lrn("norm1", 5, 1e-4, 0.75, 2), LayerSpec.conv("conv2", 8, 5, 2, 0), LayerSpec.relu(),
                LayerSpec.maxpool("pool2", 3, 2, true), LayerSpec.lrn("norm2", 5, 1e-4, 0.75, 2),
                LayerSpec.conv("conv3", 8, 3, 1, 1), LayerSpec.relu(), LayerSpec.conv("conv4", 8, 3, 1, 1),
                LayerSpec.relu(), LayerSpec.conv("conv5", 8, 3, 1, 1), LayerSpec.relu(),
                LayerSpec.maxpool("pool5", 3, 2, true), LayerSpec.linear("fc6", 16), LayerSpec.relu(),
                LayerSpec.dropout(0.5), LayerSpec.linear("fc7", 16), LayerSpec.relu(), LayerSpec.linear("fc8", 5),
                LayerSpec.softmax("prob")));
    }

    /** The demo model's spec ({@code --model zfnet-mini}): ZFNet at a third of its width on 3x112x112, 6 classes. */
    public static ModelSpec zfnetMiniSpec() {
        return new ZfnetMiniModel().spec();
    }

    /** ZFNet's spec as the paper's Fig. 3 gives it ({@code --model zfnet}): 3x224x224, 1000 ImageNet classes. */
    public static ModelSpec zfnetSpec() {
        return new ZfnetModel().spec();
    }

    /** zfnet-mini with the weights it ships, trained on the procedural dataset ({@link TestInputs#samples}). */
    public static Network zfnetMini() {
        ZfnetMiniModel model = new ZfnetMiniModel();
        return FACTORY.load(model.spec(), model.weights().orElseThrow(), cpu());
    }

    /** A network of {@code spec} with seeded random weights (He initialisation, zero biases): the same on every run. */
    public static Network random(ModelSpec spec, long seed) {
        return FACTORY.random(spec, seed, cpu());
    }

    /**
     * A network of {@code spec} with weights from a file: safetensors, {@code .npz} or a PyTorch state dict, or the
     * spec of an ONNX file (read with {@code factory().readSpec(onnx)}) with the same file as weights.
     */
    public static Network load(ModelSpec spec, Path weights) {
        return FACTORY.load(spec, weights, cpu());
    }

    /**
     * A network of {@code spec} with weights set by hand, for cases computed on paper: every parameter by its PyTorch
     * name ({@code conv1.weight} {@code [out, in, kh, kw]}, {@code conv1.bias} {@code [out]}, ...). Missing, extra or
     * wrongly-shaped tensors are refused by name, as for a weights file.
     */
    public static Network withWeights(ModelSpec spec, Map<String, INDArray> parameters) {
        Map<String, FloatArray> tensors = new LinkedHashMap<>();
        parameters.forEach((name, value) -> tensors.put(name, new FloatArray(value.shape(), HostArrays.floats(value))));
        Path file = null;
        try {
            file = Files.createTempFile("zfnet-testkit-", ".safetensors");
            SafeTensors.write(file, tensors, Map.of());
            return FACTORY.load(spec, file, cpu());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(file);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stray temporary file
            }
        }
    }
}

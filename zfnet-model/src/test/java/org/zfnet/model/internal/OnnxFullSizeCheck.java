package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;

/**
 * The hand check on full-size torchvision models, off unless {@code -Dzfnet.onnx.full=DIR}: DIR holds
 * {@code input.npy} [1, 3, 224, 224] and, per model, {@code NAME.onnx} and PyTorch's logits {@code NAME.out.npy}
 * (written by a script such as the one in src/test/python/onnx_fixtures.py, with torchvision's constructors and random
 * weights). Each model is imported and run on the CPU backend; the largest absolute and relative differences of the
 * logits are printed, and each must be within 1e-4 of the largest logit.
 */
@EnabledIfSystemProperty(named = "zfnet.onnx.full", matches = ".+")
class OnnxFullSizeCheck {

    @Test
    void fullSizeTorchvisionModelsGivePyTorchsLogits() throws IOException {
        Path dir = Path.of(System.getProperty("zfnet.onnx.full"));
        ComputeBackend cpu = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
        Networks networks = new Networks();
        FloatArray input = Npy.readFloat32(dir.resolve("input.npy"));
        List<String> failed = new ArrayList<>();
        List<Path> models;
        try (Stream<Path> files = Files.list(dir)) {
            models = files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
        for (Path onnx : models) {
            String name = onnx.getFileName().toString().replace(".onnx", "");
            try {
                long start = System.nanoTime();
                ModelSpec spec = networks.readSpec(onnx);
                Network network = networks.load(spec, onnx, cpu);
                FloatArray expected = Npy.readFloat32(dir.resolve(name + ".out.npy"));
                try (INDArray x = HostArrays.floats(input.data(), input.shape()); ForwardTrace t = network.forward(x)) {
                    float[] a = HostArrays.floats(t.output(spec.layers().size() - 1));
                    float[] e = expected.data();
                    double scale = 0;
                    double abs = 0;
                    double rel = 0;
                    for (int i = 0; i < e.length; i++) {
                        scale = Math.max(scale, Math.abs(e[i]));
                        abs = Math.max(abs, Math.abs(a[i] - e[i]));
                        rel = Math.max(rel, Math.abs(a[i] - e[i]) / Math.max(Math.abs(e[i]), 1e-6));
                    }
                    System.out.printf(Locale.ROOT, "%-14s %4d layers  max |logit| %.4g  max abs diff %.3g  "
                            + "max abs diff / max |logit| %.3g  max elementwise rel %.3g  (%.1f s)%n", name,
                            spec.layers().size(), scale, abs, abs / scale, rel, (System.nanoTime() - start) / 1e9);
                    if (abs > 1e-4 * scale) {
                        failed.add(name);
                    }
                }
            } catch (RuntimeException e) {
                System.out.println(name + " refused: " + e.getMessage());
                failed.add(name);
            }
        }
        assertTrue(failed.isEmpty(), "failed: " + failed);
    }
}

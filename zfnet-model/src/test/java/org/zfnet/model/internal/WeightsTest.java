package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npz;
import org.zfnet.formats.SafeTensors;

class WeightsTest {

    private static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    @TempDir
    Path dir;

    private final Networks networks = new Networks();
    private final CompiledSpec tiny = CompiledSpec.of(TestSpecs.tiny());

    @Test
    void safetensorsAndNpzRoundTripToTheSameNetwork() {
        Network original = networks.random(TestSpecs.tiny(), 5, CPU);
        Path st = dir.resolve("w.safetensors");
        networks.save(original, st);
        Path npz = dir.resolve("w.npz");
        Npz.write(npz, Weights.fromArrays(original.parameters()));
        INDArray x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 63, 63);
        float[] expected = prob(original, x);
        assertArrayEquals(expected, prob(networks.load(TestSpecs.tiny(), st, CPU), x), 0f);
        assertArrayEquals(expected, prob(networks.load(TestSpecs.tiny(), npz, CPU), x), 0f);
        assertEquals("zfnet-tiny", SafeTensors.read(st).metadata().get("model"));
    }

    private static float[] prob(Network network, INDArray x) {
        try (ForwardTrace trace = network.forward(x)) {
            return trace.tap("prob").data().asFloat();
        }
    }

    @Test
    void missingTensorIsNamedWithItsShape() {
        Map<String, FloatArray> weights = new LinkedHashMap<>(Weights.he(tiny, 1));
        weights.remove("conv2.bias");
        assertEquals("w: missing tensor 'conv2.bias' [16] of model zfnet-tiny", refusal(weights));
    }

    @Test
    void wrongShapeNamesBothShapes() {
        Map<String, FloatArray> weights = new LinkedHashMap<>(Weights.he(tiny, 1));
        weights.put("conv1.weight", new FloatArray(new long[] {6, 3, 5, 5}, new float[6 * 3 * 25]));
        assertEquals("w: tensor 'conv1.weight' has shape [6, 3, 5, 5], model zfnet-tiny expects [6, 3, 7, 7]",
                refusal(weights));
    }

    @Test
    void extraTensorIsRefused() {
        Map<String, FloatArray> weights = new LinkedHashMap<>(Weights.he(tiny, 1));
        weights.put("fc9.weight", new FloatArray(new long[] {1}, new float[1]));
        assertTrue(refusal(weights).startsWith("w: unexpected tensor 'fc9.weight' [1]"));
    }

    @Test
    void nonFiniteValuesAreReported() {
        Map<String, FloatArray> weights = new LinkedHashMap<>(Weights.he(tiny, 1));
        weights.get("fc7.weight").data()[17] = Float.NaN;
        assertEquals("w: tensor 'fc7.weight' holds NaN at index 17", refusal(weights));
    }

    private String refusal(Map<String, FloatArray> weights) {
        return assertThrows(InvalidInputException.class, () -> Weights.check("w", weights, tiny)).getMessage();
    }

    @Test
    void heInitialisationHasTheRightSpreadZeroBiasesAndIsSeeded() {
        Map<String, FloatArray> a = Weights.he(tiny, 9);
        Map<String, FloatArray> b = Weights.he(tiny, 9);
        assertArrayEquals(a.get("conv2.weight").data(), b.get("conv2.weight").data());
        float[] w = a.get("conv2.weight").data();
        double sumSq = 0;
        for (float v : w) {
            sumSq += v * v;
        }
        double std = Math.sqrt(sumSq / w.length);
        double expected = Math.sqrt(2.0 / (6 * 5 * 5));
        assertEquals(expected, std, expected * 0.05, "fan-in 150: std sqrt(2/150)");
        for (float v : a.get("conv2.bias").data()) {
            assertEquals(0f, v);
        }
        assertEquals(List.copyOf(tiny.parameters.keySet()), List.copyOf(a.keySet()));
    }
}

package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.IntArray;
import org.zfnet.formats.Npy;
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
    void pytorchStateDictGivesPyTorchsOutputs() throws IOException {
        // pth-net: torch.save(model.state_dict()) of conv, batch norm (num_batches_tracked 100), relu, linear;
        // its outputs in eval mode from PyTorch 1.13 (src/test/python/pth_net.py)
        ModelSpec spec = new ObjectMapper().readValue(resource("pth-net.json"), ModelSpec.class);
        Path pth = dir.resolve("pth-net.pth");
        Files.write(pth, resource("pth-net.pth"));
        Path expectedFile = dir.resolve("expected.npz");
        Files.write(expectedFile, resource("pth-net.expected.npz"));
        Map<String, FloatArray> expected = Npz.readFloats(expectedFile);
        FloatArray x = expected.get("x");
        Network network = networks.load(spec, pth, CPU);
        try (ForwardTrace trace = network.forward(HostArrays.floats(x.data(), x.shape()))) {
            for (String tap : List.of("classifier", "prob")) {
                float[] want = expected.get(tap).data();
                float[] got = trace.tap(tap).data().asFloat();
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])), tap + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void batchNormCountersAreIgnoredInEveryFormatOtherIntegerTensorsRefusedByName() throws IOException {
        ModelSpec spec = new ObjectMapper().readValue(resource("pth-net.json"), ModelSpec.class);
        CompiledSpec compiled = CompiledSpec.of(spec);
        Map<String, FloatArray> he = Weights.he(compiled, 1);
        // safetensors as PyTorch users write them: the counter as a scalar I64
        Path st = dir.resolve("with-counter.safetensors");
        Files.write(st, safetensorsWithI64(he, "features.1.num_batches_tracked"));
        assertEquals(he.keySet(), Weights.read(st, compiled).keySet());
        // npz with the counter as an int32, and one with it cast to float32 with the rest
        Path npz = dir.resolve("with-counter.npz");
        writeNpz(npz, he, "features.1.num_batches_tracked");
        assertEquals(he.keySet(), Weights.read(npz, compiled).keySet());
        Map<String, FloatArray> floatCounter = new LinkedHashMap<>(he);
        floatCounter.put("features.1.num_batches_tracked", new FloatArray(new long[0], new float[] {100}));
        Npz.write(npz, floatCounter);
        assertEquals(he.keySet(), Weights.read(npz, compiled).keySet());

        writeNpz(npz, he, "features.0.num_batches_tracked");
        assertTrue(refusal(npz, compiled).startsWith(npz + ": unexpected tensor 'features.0.num_batches_tracked' []"));
        Map<String, FloatArray> intWeight = new LinkedHashMap<>(he);
        intWeight.remove("classifier.bias");
        writeNpz(npz, intWeight, "classifier.bias");
        assertEquals(npz + ": tensor 'classifier.bias' holds integers; model pth-net expects floating-point values",
                refusal(npz, compiled));
    }

    private static String refusal(Path weights, CompiledSpec spec) {
        return assertThrows(InvalidInputException.class, () -> Weights.read(weights, spec)).getMessage();
    }

    /** A safetensors file of {@code floats} (F32) and one scalar I64 {@code counter} first. */
    private static byte[] safetensorsWithI64(Map<String, FloatArray> floats, String counter) {
        StringBuilder header = new StringBuilder("{\"" + counter + "\":{\"dtype\":\"I64\",\"shape\":[],"
                + "\"data_offsets\":[0,8]}");
        long offset = 8;
        for (Map.Entry<String, FloatArray> e : floats.entrySet()) {
            long end = offset + 4L * e.getValue().data().length;
            header.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(e.getValue().shape()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        byte[] json = header.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).putLong(100);
        floats.values().forEach(t -> {
            for (float v : t.data()) {
                out.putFloat(v);
            }
        });
        return out.array();
    }

    /** An npz of {@code floats} and a scalar int32 {@code counter}. */
    private static void writeNpz(Path file, Map<String, FloatArray> floats, String counter) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(counter + ".npy"));
            Npy.write(zip, new IntArray(new long[0], new int[] {100}));
            for (Map.Entry<String, FloatArray> e : floats.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                Npy.write(zip, e.getValue());
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WeightsTest.class.getResourceAsStream("/org/zfnet/model/" + name)) {
            return in.readAllBytes();
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
    void everyMisfitIsNamedAtOnceUpToFiveThenCounted() {
        Map<String, FloatArray> weights = new LinkedHashMap<>(Weights.he(tiny, 1));
        weights.remove("conv2.bias");
        weights.put("conv1.weight", new FloatArray(new long[] {6, 3, 5, 5}, new float[6 * 3 * 25]));
        weights.put("fc9.weight", new FloatArray(new long[] {1}, new float[1]));
        assertEquals("w: 3 tensors do not fit model zfnet-tiny: tensor 'conv1.weight' has shape [6, 3, 5, 5], model "
                + "zfnet-tiny expects [6, 3, 7, 7]; missing tensor 'conv2.bias' [16]; unexpected tensor 'fc9.weight' [1]",
                refusal(weights));
        List<String> names = new ArrayList<>(tiny.parameters.keySet());
        Map<String, FloatArray> none = new LinkedHashMap<>();
        none.put("x", new FloatArray(new long[] {2}, new float[2]));
        String all = refusal(none);
        assertTrue(all.startsWith("w: " + (names.size() + 1) + " tensors do not fit model zfnet-tiny: missing tensor '"
                + names.get(0) + "' "), all);
        assertTrue(all.endsWith("; and " + (names.size() + 1 - Weights.MISFITS_NAMED) + " more"), all);
        assertEquals(Weights.MISFITS_NAMED, all.split("; ").length - 1, all);
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

package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.ModelProvider;

/**
 * The built-in torchvision models against torchvision 0.14 itself, from fixtures written by
 * {@code src/test/python/torchvision_fixtures.py}: every full-size spec needs exactly the names and shapes of the
 * model's state dict, has its parameter count and its convolutions' and linear layers' multiply-adds; and the same
 * builders at reduced width, loaded with the state dict of a torchvision model of that width (random weights, batch
 * normalisation statistics that change every channel), give PyTorch's logits on the same input.
 */
class TorchvisionSpecsTest {

    private static final String FIXTURES = "/org/zfnet/model/internal/torchvision/";

    static Stream<Arguments> fullSize() {
        return Stream.of(Arguments.of("alexnet", new TorchvisionModels.Alexnet()),
                Arguments.of("vgg16", new TorchvisionModels.Vgg16()),
                Arguments.of("vgg16_bn", new TorchvisionModels.Vgg16Bn()),
                Arguments.of("resnet18", new TorchvisionModels.Resnet18()),
                Arguments.of("resnet34", new TorchvisionModels.Resnet34()),
                Arguments.of("resnet50", new TorchvisionModels.Resnet50()),
                Arguments.of("resnet101", new TorchvisionModels.Resnet101()),
                Arguments.of("squeezenet1_1", new TorchvisionModels.Squeezenet11()),
                Arguments.of("mobilenet_v2", new TorchvisionModels.MobilenetV2()),
                Arguments.of("densenet121", new TorchvisionModels.Densenet121()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fullSize")
    void parameterNamesShapesCountsAndMultiplyAddsAreTorchvisions(String name, ModelProvider provider)
            throws IOException {
        JsonNode expected = json("state-dicts.json").get(name);
        ModelSpec model = provider.spec();
        assertEquals(name, model.name());
        CompiledSpec spec = CompiledSpec.of(model);

        Map<String, List<Long>> torchvision = new TreeMap<>();
        expected.get("state_dict").forEach(entry -> torchvision.put(entry.get(0).asText(),
                longs(entry.get(1))));
        Map<String, List<Long>> ours = new TreeMap<>();
        spec.parameters.forEach((key, shape) -> ours.put(key, Arrays.stream(shape).boxed().toList()));
        assertEquals(torchvision, ours);

        long stateDict = torchvision.values().stream().mapToLong(s -> s.stream().reduce(1L, (a, b) -> a * b)).sum();
        long runningStatistics = torchvision.entrySet().stream().filter(e -> e.getKey().contains(".running_"))
                .mapToLong(e -> e.getValue().get(0)).sum();
        long summarised = spec.summary.stream().mapToLong(LayerSummary::parameters).sum();
        assertEquals(stateDict, summarised, "the summary counts every tensor of the state dict");
        assertEquals(expected.get("parameters").asLong(), summarised - runningStatistics,
                "model.parameters() is the state dict less the running statistics");

        long macs = spec.summary.stream().filter(s -> s.type().equals("conv") || s.type().equals("linear"))
                .mapToLong(LayerSummary::macs).sum();
        assertEquals(expected.get("macs").asLong(), macs);
        System.out.printf("%-14s %,13d parameters %,15d multiply-adds%n", name, summarised - runningStatistics, macs);

        assertEquals(ImageNetLabels.names(), model.labels());
        LayerSpec last = model.layers().get(model.layers().size() - 1);
        assertEquals("softmax", last.type(), "analyses read the probabilities from the last layer");
        assertTrue(spec.taps.containsKey(model.layers().get(model.layers().size() - 2).name()),
                "the logits are a tap of their own");
    }

    /** The reduced models of the fixture script, built by the same builders as the full-size ones. */
    static Stream<Arguments> reduced() {
        return Stream.of(
                Arguments.of("alexnet", TorchvisionSpecs.alexnet(new int[] {8, 12, 16, 12, 8}, 16, 10)),
                Arguments.of("vgg16", TorchvisionSpecs.vgg16(new int[] {4, 6, 8, 8, 8}, 16, 10, false)),
                Arguments.of("vgg16_bn", TorchvisionSpecs.vgg16(new int[] {4, 6, 8, 8, 8}, 16, 10, true)),
                Arguments.of("resnet18", TorchvisionSpecs.resnet(false, new int[] {2, 2, 2, 2}, 2, 10)),
                Arguments.of("resnet50", TorchvisionSpecs.resnet(true, new int[] {3, 4, 6, 3}, 2, 10)),
                Arguments.of("squeezenet1_1", TorchvisionSpecs.squeezenet11(8, 10)),
                Arguments.of("mobilenet_v2", TorchvisionSpecs.mobilenetV2(0.05, 2, 16, 10)),
                Arguments.of("densenet", TorchvisionSpecs.densenet(2, new int[] {2, 3, 4, 2}, 8, 2, 10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reduced")
    void reducedWidthLogitsEqualPyTorchs(String name, List<LayerSpec> layers) throws Exception {
        JsonNode expected = json("parity.json").get(name);
        List<Integer> shape = longs(expected.get("input")).stream().map(Long::intValue).toList();
        CompiledSpec spec = CompiledSpec.of(new ModelSpec(name, "reduced", shape, null, List.of(), layers));
        Path weights = Path.of(TorchvisionSpecsTest.class.getResource(FIXTURES + name + ".npz").toURI());
        GraphNetwork network = new GraphNetwork(spec, Weights.toArrays(Weights.read(weights, spec)),
                ReferencePathTest.CPU, name);
        float[] logits;
        try (INDArray input = HostArrays.floats(input(shape.get(0), shape.get(1), shape.get(2)), 1, shape.get(0),
                shape.get(1), shape.get(2)); ForwardTrace trace = network.forward(input)) {
            logits = HostArrays.floats(trace.output(layers.size() - 2));
        }
        double[] torch = new double[expected.get("logits").size()];
        Arrays.setAll(torch, i -> expected.get("logits").get(i).asDouble());
        assertEquals(torch.length, logits.length);
        double scale = Arrays.stream(torch).map(Math::abs).max().orElseThrow();
        double maxError = 0;
        for (int i = 0; i < torch.length; i++) {
            maxError = Math.max(maxError, Math.abs(logits[i] - torch[i]));
        }
        System.out.printf("%-14s logits up to %.3g, max abs difference from PyTorch %.2e%n", name, scale, maxError);
        assertTrue(scale > 0.05, "logits that test something");
        assertTrue(maxError <= 1e-4 * scale, name + ": max abs difference " + maxError + " with logits up to " + scale);
    }

    /**
     * The input the fixture script's {@code fixed_input} makes: {@code ((i * 7919) mod 2003) / 1001 - 1} at flat index
     * {@code i} of {@code [C, H, W]}, rounded to float32.
     */
    static float[] input(int c, int h, int w) {
        float[] x = new float[c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((i * 7919L) % 2003 / 1001.0 - 1.0);
        }
        return x;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asLong()));
        return values;
    }

    private static JsonNode json(String file) throws IOException {
        try (InputStream in = TorchvisionSpecsTest.class.getResourceAsStream(FIXTURES + file)) {
            return new ObjectMapper().readTree(in);
        }
    }
}

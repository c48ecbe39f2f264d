package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zfnet.api.dto.LayerSummary;

/** The built-in zfnet is the paper's Fig. 3: sizes, parameters and multiply-adds computed by hand. */
class ZfnetArchitectureTest {

    private final CompiledSpec zfnet = CompiledSpec.of(BuiltInSpecs.zfnet(1000, List.of()));

    @Test
    void tapsHaveTheFigure3Shapes() {
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        zfnet.taps.forEach((tap, index) -> shapes.put(tap, zfnet.summary.get(index).outputShape()));
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("conv1", List.of(96, 110, 110));
        expected.put("pool1", List.of(96, 55, 55));
        expected.put("norm1", List.of(96, 55, 55));
        expected.put("conv2", List.of(256, 26, 26));
        expected.put("pool2", List.of(256, 13, 13));
        expected.put("norm2", List.of(256, 13, 13));
        expected.put("conv3", List.of(384, 13, 13));
        expected.put("conv4", List.of(384, 13, 13));
        expected.put("conv5", List.of(256, 13, 13));
        expected.put("pool5", List.of(256, 6, 6));
        expected.put("fc6", List.of(4096));
        expected.put("fc7", List.of(4096));
        expected.put("fc8", List.of(1000));
        expected.put("prob", List.of(1000));
        assertEquals(expected, shapes);
    }

    @Test
    void rectifiedTapsAreTakenAfterTheirRelu() {
        assertEquals(Map.ofEntries(Map.entry("conv1", 1), Map.entry("pool1", 2), Map.entry("norm1", 3),
                Map.entry("conv2", 5), Map.entry("pool2", 6), Map.entry("norm2", 7), Map.entry("conv3", 9),
                Map.entry("conv4", 11), Map.entry("conv5", 13), Map.entry("pool5", 14), Map.entry("fc6", 16),
                Map.entry("fc7", 19), Map.entry("fc8", 21), Map.entry("prob", 22)), zfnet.taps);
        assertEquals("relu", zfnet.spec.layers().get(1).type());
        assertEquals("linear", zfnet.spec.layers().get(21).type(), "fc8 are the logits");
    }

    @Test
    void multiplyAddsAndParametersAsComputedByHand() {
        // conv1 96*110*110*3*7*7 = 170,755,200; conv2 256*26*26*96*5*5 = 415,334,400;
        // conv3 384*13*13*256*9 = 149,520,384; conv4 384*13*13*384*9 = 224,280,576;
        // conv5 256*13*13*384*9 = 149,520,384; fc6 9216*4096 = 37,748,736; fc7 16,777,216; fc8 4,096,000
        Map<String, Long> macs = new LinkedHashMap<>();
        for (LayerSummary row : zfnet.summary) {
            if (row.macs() > 0) {
                macs.put(row.name(), row.macs());
            }
        }
        assertEquals(Map.of("conv1", 170_755_200L, "conv2", 415_334_400L, "conv3", 149_520_384L,
                "conv4", 224_280_576L, "conv5", 149_520_384L, "fc6", 37_748_736L, "fc7", 16_777_216L,
                "fc8", 4_096_000L), macs);
        assertEquals(1_168_032_896L, zfnet.summary.stream().mapToLong(LayerSummary::macs).sum());
        // weights + biases: 14,208 + 614,656 + 885,120 + 1,327,488 + 884,992 + 37,752,832 + 16,781,312 + 4,097,000
        assertEquals(62_357_608L, zfnet.summary.stream().mapToLong(LayerSummary::parameters).sum());
    }

    @Test
    void parameterNamesAndLayoutsArePyTorchs() {
        assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight", "conv3.bias",
                "conv4.weight", "conv4.bias", "conv5.weight", "conv5.bias", "fc6.weight", "fc6.bias", "fc7.weight",
                "fc7.bias", "fc8.weight", "fc8.bias"), List.copyOf(zfnet.parameters.keySet()));
        assertEquals(List.of(96L, 3L, 7L, 7L), boxed(zfnet.parameters.get("conv1.weight")));
        assertEquals(List.of(4096L, 9216L), boxed(zfnet.parameters.get("fc6.weight")));
    }

    private static List<Long> boxed(long[] shape) {
        return java.util.Arrays.stream(shape).boxed().toList();
    }
}

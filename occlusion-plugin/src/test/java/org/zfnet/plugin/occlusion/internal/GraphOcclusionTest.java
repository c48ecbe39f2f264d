package org.zfnet.plugin.occlusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.PartialForward;
import org.zfnet.testkit.TestNetworks;

/** Exact incremental occlusion on graph networks: residual and concat joins, a dense tail; equal to naive occlusion. */
class GraphOcclusionTest {

    /**
     * A stem, a residual block (conv, relu, conv, plus a strided 1x1 convolution shortcut, added, rectified), a concat
     * block of two convolution branches, max pooling, flatten and two linear layers to a softmax.
     */
    static ModelSpec residualConcat(int height, int width) {
        return new ModelSpec("graph", "", List.of(3, height, width), null, List.of(), List.of(
                LayerSpec.conv("stem", 6, 3, 1, 1), LayerSpec.of("relu", "stem.relu"),
                LayerSpec.conv("b1.conv1", 8, 3, 2, 1), LayerSpec.of("relu", "b1.relu1"),
                LayerSpec.conv("b1.conv2", 8, 3, 1, 1),
                LayerSpec.conv("b1.down", 8, 1, 2, 0).withInputs("stem.relu"),
                LayerSpec.of("add", "b1.add").withInputs("b1.conv2", "b1.down"), LayerSpec.of("relu", "b1.out"),
                LayerSpec.conv("c.a", 4, 3, 1, 1).withInputs("b1.out"),
                LayerSpec.conv("c.b", 5, 5, 1, 2).withInputs("b1.out"),
                LayerSpec.of("concat", "c.cat").withInputs("c.a", "c.b"), LayerSpec.relu(),
                LayerSpec.maxpool("pool", 3, 2, true), LayerSpec.of("flatten", "flat"), LayerSpec.linear("fc", 12),
                LayerSpec.relu(), LayerSpec.dropout(0.5), LayerSpec.linear("out", 5), LayerSpec.softmax("prob")));
    }

    @Test
    void incrementalEqualsNaiveThroughResidualAndConcatJoins() {
        // height, width, patch, stride: squares smaller than the shortcut's stride, at the border, the whole input
        int[][] cases = {{33, 37, 8, 3}, {33, 37, 5, 4}, {29, 31, 1, 5}, {29, 31, 12, 7}, {31, 33, 31, 1}, {32, 32, 2, 3}};
        String[] taps = {"b1.add", "c.cat", "stem.relu", "fc", "b1.down", "pool"};
        for (int k = 0; k < cases.length; k++) {
            int[] c = cases[k];
            Network network = TestNetworks.random(residualConcat(c[0], c[1]), 20 + k);
            Nd4j.getRandom().setSeed(k);
            INDArray image = Nd4j.randn(DataType.FLOAT, 1, 3, c[0], c[1]);
            Setup setup = new Setup(network, image, Grid.of(c[0], c[1], c[2], c[3]), 0.3f, k % 5,
                    network.tapLayer(taps[k]), k % 4, 5, () -> { });
            String what = "case " + java.util.Arrays.toString(c) + " tap " + taps[k];
            Maps naive = naive(setup);
            IncrementalOcclusion incremental = new IncrementalOcclusion(setup);
            Maps exact = Maps.of(naive.topClass().length);
            incremental.run(IntStream.range(0, exact.topClass().length).toArray(), exact, () -> { });
            assertEqualMaps(naive, exact, what);
            if (c[2] < 10) {
                int positions = setup.grid().positions();
                assertTrue(incremental.macs() < incremental.naiveMacs(positions),
                        what + ": " + incremental.macs() + " vs naive " + incremental.naiveMacs(positions));
            }
        }
    }

    /**
     * Today's layers: a stem with padding on two sides only, batch normalisation, ReLU6, a depthwise and a pointwise
     * convolution, max pooling with padding, a dilated grouped convolution, global average pooling, a classifier.
     */
    static ModelSpec mobile(int height, int width) {
        return new ModelSpec("mobile", "", List.of(3, height, width), null, List.of(), List.of(
                LayerSpec.conv("stem", 8, 3, 2, 0).withWindow(3, 2, null, List.of(0, 1, 1, 0)),
                LayerSpec.of("batchnorm", "stem_bn"), LayerSpec.of("relu6", "stem_act"),
                LayerSpec.conv("dw", 8, 3, 1, 1).with(null, 8, null, null, null, null, null),
                LayerSpec.conv("pw", 12, 1, 1, 0), LayerSpec.relu(),
                LayerSpec.of("maxpool", "pool").withWindow(3, 2, 1, null),
                LayerSpec.conv("dil", 12, 3, 1, 2).with(null, 2, 2, null, null, null, null), LayerSpec.relu(),
                LayerSpec.of("globalavgpool", "gap"), LayerSpec.of("flatten", "flat"), LayerSpec.linear("fc", 5),
                LayerSpec.softmax("prob")));
    }

    @Test
    void incrementalEqualsNaiveThroughTodaysLayers() {
        int[][] cases = {{33, 37, 8, 3}, {29, 31, 1, 5}, {32, 32, 11, 4}};
        String[] taps = {"stem_act", "pw", "dil"};
        for (int k = 0; k < cases.length; k++) {
            int[] c = cases[k];
            Network network = TestNetworks.random(mobile(c[0], c[1]), 40 + k);
            Nd4j.getRandom().setSeed(k);
            INDArray image = Nd4j.randn(DataType.FLOAT, 1, 3, c[0], c[1]);
            Setup setup = new Setup(network, image, Grid.of(c[0], c[1], c[2], c[3]), -0.2f, k % 5,
                    network.tapLayer(taps[k]), k % 4, 7, () -> { });
            Maps naive = naive(setup);
            Maps exact = Maps.of(naive.topClass().length);
            new IncrementalOcclusion(setup).run(IntStream.range(0, exact.topClass().length).toArray(), exact, () -> { });
            assertEqualMaps(naive, exact, "case " + java.util.Arrays.toString(c) + " tap " + taps[k]);
        }
    }

    @Test
    void aLayerWithoutCropFormIsRefusedByNameOrComputedNaively() {
        Network network = TestNetworks.random(residualConcat(29, 31), 3);
        int hidden = network.tapLayer("b1.relu1");
        Network unknown = withoutCropForm(network, hidden);
        Nd4j.getRandom().setSeed(11);
        Setup setup = new Setup(unknown, Nd4j.randn(DataType.FLOAT, 1, 3, 29, 31), Grid.of(29, 31, 9, 4), 0f, 2,
                unknown.tapLayer("c.cat"), 1, 8, () -> { });
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> new IncrementalOcclusion(setup));
        assertEquals("layer 3 'b1.relu1' (relu) cannot be computed from crops of its inputs: exact incremental "
                + "occlusion cannot run on model graph", refused.getMessage());
        try (ForwardTrace trace = unknown.forward(setup.image())) {
            ExactOcclusion exact = ExactOcclusion.of(setup, trace);
            assertEquals("layer 3 'b1.relu1' (relu) cannot be computed from crops of its inputs",
                    exact.naiveBecause().orElseThrow());
            Maps maps = Maps.of(setup.grid().positions());
            exact.run(IntStream.range(0, setup.grid().positions()).toArray(), maps, () -> { });
            assertEqualMaps(naive(setup), maps, "computed naively");
            assertEquals(exact.naiveMacs(setup.grid().positions()), exact.macs());
        }
    }

    private static Maps naive(Setup setup) {
        int[] all = IntStream.range(0, setup.grid().positions()).toArray();
        Maps maps = Maps.of(all.length);
        NaiveOcclusion.run(setup, all, maps, () -> { });
        return maps;
    }

    private static void assertEqualMaps(Maps naive, Maps exact, String what) {
        assertArrayEquals(naive.probability(), exact.probability(), 2e-6f, what + ": probability");
        for (int p = 0; p < naive.feature().length; p++) {
            assertEquals(naive.feature()[p], exact.feature()[p], 1e-4f * (1 + Math.abs(naive.feature()[p])),
                    what + ": feature at " + p);
        }
        assertArrayEquals(naive.topClass(), exact.topClass(), what + ": top class");
        assertArrayEquals(naive.logProbability(), exact.logProbability(), 1e-4, what + ": log probability");
    }

    /** The network as if layer {@code layer}'s type could not be computed from crops (a type incremental occlusion does not know). */
    private static Network withoutCropForm(Network network, int layer) {
        PartialForward partial = network.partialForward();
        PartialForward hiding = (PartialForward) Proxy.newProxyInstance(PartialForward.class.getClassLoader(),
                new Class<?>[] {PartialForward.class}, (proxy, method, args) ->
                        method.getName().equals("cropBorder") && (int) args[0] == layer ? OptionalDouble.empty()
                                : call(partial, method, args));
        return (Network) Proxy.newProxyInstance(Network.class.getClassLoader(), new Class<?>[] {Network.class},
                (proxy, method, args) -> method.getName().equals("partialForward") ? hiding
                        : call(network, method, args));
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

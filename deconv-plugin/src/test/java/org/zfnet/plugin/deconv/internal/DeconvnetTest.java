package org.zfnet.plugin.deconv.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

class DeconvnetTest {

    /** ZFNet's layers at reduced width on 3x63x63 (taps conv1 30x30, pool1 15, conv2 6, pool2 3, conv3-5 3, pool5 1). */
    static final ModelSpec TINY = TestNetworks.tinyZfnet(63, 63);

    @Test
    void projectionHasTheInputShapeForEveryTapUpToPool5() {
        Network network = TestNetworks.random(TINY, 2);
        INDArray x = TestInputs.batch(TINY, 2, 1);
        try (ForwardTrace trace = network.forward(x)) {
            for (String tap : List.of("conv1", "pool1", "norm1", "conv2", "pool2", "norm2", "conv3", "conv4", "conv5",
                    "pool5")) {
                for (Deconvnet.Mode mode : Deconvnet.Mode.values()) {
                    Deconvnet.Projection p = Deconvnet.project(trace, 1, tap, 0, mode, ProjectionRule.DECONVNET, false, null);
                    assertArrayEquals(new long[] {1, 3, 63, 63}, p.pixels().shape(), tap + " " + mode);
                }
            }
            InvalidInputException above = assertThrows(InvalidInputException.class,
                    () -> Deconvnet.project(trace, 0, "fc6", 0, Deconvnet.Mode.MAX, ProjectionRule.DECONVNET, false, null));
            assertTrue(above.getMessage().contains("use a tap up to pool5"), above.getMessage());
        }
    }

    /**
     * conv1 has one filter [[1,2],[3,4]] on one channel, then ReLU and 2x2/1 max pooling. The largest pooled
     * value is the largest conv1 output; projecting it back puts value * [[1,2],[3,4]] on the input at the
     * window that produced it, and nothing elsewhere.
     */
    @Test
    void handBuiltCaseProjectsTheFilterScaledByTheActivationAtItsPlace() {
        ModelSpec spec = new ModelSpec("hand", "", List.of(1, 4, 4), null, List.of(), List.of(
                LayerSpec.conv("conv1", 1, 2, 1, 0), LayerSpec.relu(), LayerSpec.maxpool("pool1", 2, 1, false)));
        Network network = TestNetworks.withWeights(spec, Map.of(
                "conv1.weight", HostArrays.floats(new float[] {1, 2, 3, 4}, 1, 1, 2, 2),
                "conv1.bias", HostArrays.floats(new float[] {0}, 1)));
        // conv1 output at (i, j) = x[i][j] + 2 x[i][j+1] + 3 x[i+1][j] + 4 x[i+1][j+1]; x is zero but a 1 at (2, 1):
        // outputs 3 at (1, 1), 4 at (1, 0), 2 at (2, 0), 1 at (2, 1); the maximum 4 is at (1, 0)
        float[] x = new float[16];
        x[2 * 4 + 1] = 1;
        INDArray input = Nd4j.create(x, new long[] {1, 1, 4, 4}, 'c');
        try (ForwardTrace trace = network.forward(input)) {
            Deconvnet.Projection p = Deconvnet.project(trace, 0, "pool1", 0, Deconvnet.Mode.MAX, ProjectionRule.DECONVNET, false, null);
            assertEquals(4f, p.value());
            float[] expected = new float[16];
            // value 4 times the filter, at rows 1-2, columns 0-1
            expected[4] = 4;
            expected[5] = 8;
            expected[8] = 12;
            expected[9] = 16;
            assertArrayEquals(expected, p.pixels().data().asFloat(), 1e-6f);
            assertEquals(new ReceptiveField(0, 0, 3, 3, 0, 0), ReceptiveField.of(network, "pool1", 0, 0, input));
        }
    }

    @Test
    void maxModeTouchesOnlyTheReceptiveFieldOfTheChosenPosition() {
        Network network = TestNetworks.random(TINY, 5);
        try (ForwardTrace trace = network.forward(TestInputs.batch(TINY, 1, 7))) {
            for (String tap : List.of("conv1", "pool1", "conv2", "pool2", "conv3")) {
                Deconvnet.Projection p = Deconvnet.project(trace, 0, tap, 1, Deconvnet.Mode.MAX, ProjectionRule.DECONVNET, false, null);
                float[] pixels = p.pixels().data().asFloat();
                ReceptiveField f = p.field();
                int inside = 0;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 63; y++) {
                        for (int x = 0; x < 63; x++) {
                            boolean in = y >= f.y0() && y < f.y1() && x >= f.x0() && x < f.x1();
                            float v = pixels[(c * 63 + y) * 63 + x];
                            if (!in) {
                                assertEquals(0f, v, tap + ": pixel (" + y + ", " + x + ") outside the field " + f);
                            } else if (v != 0) {
                                inside++;
                            }
                        }
                    }
                }
                assertTrue(inside > 0, tap + ": the projection is not empty");
                assertTrue(f.height() < 63 || f.width() < 63 || tap.equals("conv3"), tap + " field " + f);
            }
        }
    }

    /**
     * One filter passes the input through (1x1 weight 1), a ReLU, a 3x3 filter with one +1 and one -1 tap, a ReLU.
     * Walking back from conv2 the signal reaches the first ReLU with a negative value at the -1 tap: the deconvnet
     * rectifies it away; the gradient keeps it where the forward input was positive; guided does both.
     */
    @Test
    void theThreeRulesDifferWhereTheyShould() {
        ModelSpec spec = new ModelSpec("rules", "", List.of(1, 3, 3), null, List.of(), List.of(
                LayerSpec.conv("conv1", 1, 1, 1, 0), LayerSpec.relu(), LayerSpec.conv("conv2", 1, 3, 1, 1), LayerSpec.relu()));
        float[] w2 = new float[9];
        w2[4] = 1;   // centre: + the pixel itself
        w2[5] = -1;  // right neighbour: - the pixel to its right
        Network network = TestNetworks.withWeights(spec, rulesWeights(w2));
        // input: 5 at the centre (1,1), 2 at (1,2), -3 at (0,0), zeros elsewhere; conv2 at (1,1) = 5 - 2 = 3, the max
        float[] x = new float[9];
        x[4] = 5;
        x[5] = 2;
        x[0] = -3;
        try (ForwardTrace trace = network.forward(Nd4j.create(x, new long[] {1, 1, 3, 3}, 'c'))) {
            // back through conv2 from 3 at (1,1): +3 at (1,1), -3 at (1,2)
            float[] deconv = project(trace, ProjectionRule.DECONVNET);
            float[] guided = project(trace, ProjectionRule.GUIDED);
            float[] gradient = project(trace, ProjectionRule.GRADIENT);
            assertArrayEquals(new float[] {0, 0, 0, 0, 3, 0, 0, 0, 0}, deconv, 1e-6f, "negative signal rectified away");
            assertArrayEquals(new float[] {0, 0, 0, 0, 3, -3, 0, 0, 0}, gradient, 1e-6f, "kept where the input was > 0");
            assertArrayEquals(new float[] {0, 0, 0, 0, 3, 0, 0, 0, 0}, guided, 1e-6f);
            assertNotEquals(deconv[5], gradient[5]);
        }
        // where the forward input was negative the deconvnet still passes positive signal, guided and gradient do
        // not: with weights 2 (centre) and 1 (right), conv2 at (1,1) = 2 * 5 + relu(-2) = 10, the maximum; back
        // through conv2 it gives 20 at (1,1) and 10 at (1,2), where the forward input was -2
        float[] y = new float[9];
        y[4] = 5;
        y[5] = -2;
        w2[4] = 2;
        w2[5] = 1;
        Network second = TestNetworks.withWeights(spec, rulesWeights(w2));
        try (ForwardTrace trace = second.forward(Nd4j.create(y, new long[] {1, 1, 3, 3}, 'c'))) {
            assertArrayEquals(new float[] {0, 0, 0, 0, 20, 10, 0, 0, 0}, project(trace, ProjectionRule.DECONVNET), 1e-6f,
                    "the deconvnet ignores the forward ReLU mask");
            assertArrayEquals(new float[] {0, 0, 0, 0, 20, 0, 0, 0, 0}, project(trace, ProjectionRule.GUIDED), 1e-6f);
            assertArrayEquals(new float[] {0, 0, 0, 0, 20, 0, 0, 0, 0}, project(trace, ProjectionRule.GRADIENT), 1e-6f);
        }
    }

    /** conv1 passes its one channel through (1x1 weight 1), conv2 has the 3x3 filter {@code w2}; no biases. */
    private static Map<String, INDArray> rulesWeights(float[] w2) {
        return Map.of("conv1.weight", HostArrays.floats(new float[] {1}, 1, 1, 1, 1),
                "conv1.bias", HostArrays.floats(new float[] {0}, 1),
                "conv2.weight", HostArrays.floats(w2, 1, 1, 3, 3), "conv2.bias", HostArrays.floats(new float[] {0}, 1));
    }

    private static float[] project(ForwardTrace trace, ProjectionRule rule) {
        return Deconvnet.project(trace, 0, "conv2", 0, Deconvnet.Mode.MAX, rule, false, null).pixels().data().asFloat();
    }
}

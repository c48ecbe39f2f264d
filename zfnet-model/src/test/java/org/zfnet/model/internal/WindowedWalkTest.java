package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.Activation;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;

/** The windowed walk from single activations gives what the walk over the full maps gives, at and off the borders. */
class WindowedWalkTest {

    static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    @Test
    void equalsTheFullWalkForEveryTapRuleAndCornerOfTheMap() {
        // on 127x127 the maps are large enough for windows away from the borders: conv1 62, pool1 31, conv2 14, pool2 7,
        // conv3-5 7, pool5 3
        Network network = new Networks().random(TestSpecs.tiny(127), 3, CPU);
        Nd4j.getRandom().setSeed(11);
        try (INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 127, 127); ForwardTrace trace = network.forward(x)) {
            int compared = 0;
            for (String tap : List.of("conv1", "pool1", "norm1", "conv2", "pool2", "norm2", "conv3", "conv4", "conv5",
                    "pool5")) {
                boolean everyRule = tap.equals("conv5") || tap.equals("pool1");
                for (ProjectionRule rule : everyRule ? ProjectionRule.values()
                        : new ProjectionRule[] {ProjectionRule.DECONVNET}) {
                    for (boolean lrnGradient : everyRule ? new boolean[] {false, true} : new boolean[] {false}) {
                        compared += compare(trace, tap, rule, lrnGradient);
                    }
                }
            }
            assertTrue(compared > 400, compared + " projections compared");
        }
    }

    /** Every combination of first, second, middle, second-last and last row and column, on both inputs. */
    private static int compare(ForwardTrace trace, String tap, ProjectionRule rule, boolean lrnGradient) {
        int top = trace.network().tapLayer(tap);
        INDArray map = trace.output(top);
        int height = (int) map.size(2);
        int width = (int) map.size(3);
        List<int[]> at = new ArrayList<>();
        for (int y : edges(height)) {
            for (int x : edges(width)) {
                at.add(new int[] {at.size() % 2, (at.size() * 5) % (int) map.size(1), y, x});
            }
        }
        int n = at.size();
        int[] samples = at.stream().mapToInt(a -> a[0]).toArray();
        int[] channels = at.stream().mapToInt(a -> a[1]).toArray();
        int[] rows = at.stream().mapToInt(a -> a[2]).toArray();
        int[] cols = at.stream().mapToInt(a -> a[3]).toArray();
        float[] values = new float[n];
        for (int j = 0; j < n; j++) {
            values[j] = 1f + j;
        }
        List<Activation> activations = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            activations.add(new Activation(samples[j], channels[j], rows[j], cols[j], values[j]));
        }
        Network network = trace.network();
        try (INDArray windowed = network.projectActivations(trace, tap, activations, rule, lrnGradient)) {
            for (int j = 0; j < n; j++) {
                INDArray signal = Nd4j.zeros(DataType.FLOAT, 1, map.size(1), height, width);
                signal.putScalar(new long[] {0, channels[j], rows[j], cols[j]}, values[j]);
                INDArray full = network.project(trace, samples[j], tap, signal, rule, lrnGradient);
                try (INDArray row = SampleCall.slice(windowed, j)) {
                    float[] expected = HostArrays.floats(full);
                    float max = 0;
                    for (float v : expected) {
                        max = Math.max(max, Math.abs(v));
                    }
                    assertTrue(max > 0 || rule != ProjectionRule.DECONVNET, tap + " " + rule
                            + ": the full walk is not empty");
                    assertArrayEquals(expected, HostArrays.floats(row), 1e-5f * (1 + max),
                            tap + " " + rule + " lrnGradient " + lrnGradient + " at " + rows[j] + "," + cols[j]);
                }
                full.close();
                signal.close();
            }
        }
        return n;
    }

    private static TreeSet<Integer> edges(int size) {
        return new TreeSet<>(List.of(0, Math.min(1, size - 1), size / 2, Math.max(0, size - 2), size - 1));
    }
}

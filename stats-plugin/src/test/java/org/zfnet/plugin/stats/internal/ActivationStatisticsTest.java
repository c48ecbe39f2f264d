package org.zfnet.plugin.stats.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisCancelledException;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetRun;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

/**
 * The plugin's statistics against a plain computation over the activations, on paper for a 1x1 convolution, and the
 * same state however the dataset is cut into shards and merged.
 */
class ActivationStatisticsTest {

    private static final Network NETWORK = TestNetworks.random(TestNetworks.tinyZfnet(63, 63), 3);

    @AfterAll
    static void close() {
        NETWORK.close();
    }

    /**
     * The six columns of a tap's channel, straight from the activations of one forward pass over every input, indexed
     * {@code [n, c, h, w]} or {@code [n, f]}: mean, population standard deviation, min, max, fraction above zero,
     * mean over inputs of the per-input maximum.
     */
    private static double[] reference(INDArray tap, int c) {
        int n = (int) tap.size(0);
        List<Double> all = new ArrayList<>();
        double sumOfMaxima = 0;
        for (int i = 0; i < n; i++) {
            List<Double> own = new ArrayList<>();
            if (tap.rank() == 4) {
                for (int y = 0; y < tap.size(2); y++) {
                    for (int x = 0; x < tap.size(3); x++) {
                        own.add(tap.getDouble(i, c, y, x));
                    }
                }
            } else {
                own.add(tap.getDouble(i, c));
            }
            sumOfMaxima += Collections.max(own);
            all.addAll(own);
        }
        double mean = all.stream().mapToDouble(Double::doubleValue).sum() / all.size();
        double variance = all.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / all.size();
        return new double[] {mean, Math.sqrt(variance), Collections.min(all), Collections.max(all),
            all.stream().filter(v -> v > 0).count() / (double) all.size(), sumOfMaxima / n};
    }

    @Test
    void statisticsEqualThoseComputedDirectlyOverTheActivations() {
        InputSet inputs = TestInputs.random(NETWORK.spec(), 5, 11);
        TestContext context = TestContext.of(NETWORK);
        StatsPlugin plugin = new StatsPlugin();
        List<String> taps = List.of("conv1", "pool2", "conv5", "fc7");
        try (AnalysisResult result = plugin.run(AnalysisRequest.checked(plugin, inputs,
                Map.of("layers", String.join(",", taps), "batch", "2")), context);
                INDArray batch = inputs.load(0, 5); ForwardTrace trace = NETWORK.forward(batch)) {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> summary = (Map<String, Map<String, Object>>) result.summary().get("taps");
            assertEquals(taps, List.copyOf(summary.keySet()));
            assertEquals(5L, result.summary().get("inputs"));
            for (String tap : taps) {
                INDArray out = trace.tap(tap);
                int channels = (int) out.size(1);
                float[] table = HostArrays.floats(result.arrays().get(tap + "-stats"));
                assertEquals(channels * StatsReport.COLUMNS.size(), table.length, tap);
                int dead = 0;
                double fractions = 0;
                for (int c = 0; c < channels; c++) {
                    double[] expected = reference(out, c);
                    for (int k = 0; k < expected.length; k++) {
                        assertEquals(expected[k], table[c * expected.length + k], 1e-5 * Math.abs(expected[k]) + 1e-6,
                                tap + " channel " + c + " " + StatsReport.COLUMNS.get(k));
                    }
                    dead += expected[4] == 0 ? 1 : 0;
                    fractions += expected[4];
                }
                Map<String, Object> s = summary.get(tap);
                assertEquals(channels, s.get("channels"), tap);
                assertEquals(out.length() / channels, s.get("values_per_channel"), tap);
                assertEquals(dead, s.get("dead_channels"), tap);
                assertEquals(fractions / channels, (double) s.get("mean_fraction_active"), 1e-12, tap);
                assertTrue(result.figures().containsKey(StatsReport.channelsFigure(tap)), tap);
            }
            assertEquals(StatsReport.OVERVIEW, result.figures().keySet().iterator().next(), "the overview first");
        }
    }

    @Test
    void everyConvolutionByDefault() {
        StatsPlugin plugin = new StatsPlugin();
        try (AnalysisResult result = plugin.run(AnalysisRequest.checked(plugin, TestInputs.random(NETWORK.spec(), 2, 1),
                Map.of()), TestContext.of(NETWORK))) {
            assertEquals(List.of("conv1-stats", "conv2-stats", "conv3-stats", "conv4-stats", "conv5-stats"),
                    List.copyOf(result.arrays().keySet()));
        }
    }

    /**
     * One 1x1 convolution of two filters on a 1x2x2 input: filter 0 is 2x - 1, filter 1 is the constant -1. Inputs
     * (1, 2, 3, 4) and (0, 0, 0, -1) give channel 0 the values 1, 3, 5, 7 and -1, -1, -1, -3: mean 10/8 = 1.25, mean
     * square 96/8 = 12, variance 12 - 1.5625 = 10.4375, min -3, max 7, 4 of 8 above zero, peaks 7 and -1, mean peak 3.
     * Channel 1 is -1 everywhere: never active, a dead channel.
     */
    @Test
    void handComputedStatisticsOfAOneByOneConvolution() {
        ModelSpec spec = new ModelSpec("hand", "", List.of(1, 2, 2), null, List.of(), List.of(
                LayerSpec.conv("conv", 2, 1, 1, 0)));
        try (Network network = TestNetworks.withWeights(spec, Map.of(
                "conv.weight", HostArrays.floats(new float[] {2, 0}, 2, 1, 1, 1),
                "conv.bias", HostArrays.floats(new float[] {-1, -1}, 2)))) {
            InputSet inputs = InputSet.of(HostArrays.floats(new float[] {1, 2, 3, 4, 0, 0, 0, -1}, 2, 1, 2, 2),
                    List.of("a.png", "b.png"));
            StatsPlugin plugin = new StatsPlugin();
            try (AnalysisResult result = plugin.run(AnalysisRequest.checked(plugin, inputs, Map.of("batch", "1")),
                    TestContext.of(network))) {
                assertArrayEquals(new float[] {1.25f, (float) Math.sqrt(10.4375), -3, 7, 0.5f, 3, -1, 0, -1, -1, 0, -1},
                        HostArrays.floats(result.arrays().get("conv-stats")), 1e-6f);
                @SuppressWarnings("unchecked")
                Map<String, Object> conv = ((Map<String, Map<String, Object>>) result.summary().get("taps")).get("conv");
                assertEquals(List.of(1), conv.get("dead"));
                assertEquals(1, conv.get("dead_channels"));
                assertEquals(8L, conv.get("values_per_channel"));
                assertEquals(0.25, (double) conv.get("mean_fraction_active"), 1e-15);
            }
        }
    }

    /**
     * Shards of every size (all at once, one input each, uneven), merged left to right, right to left and as a tree,
     * and through bytes: the counts, extremes and active counts are equal exactly, the means, m2 and sums of maxima to
     * 1e-9 relative (doubles summed in another order). Forward passes of one input each, so that every cut sees the
     * same activations: the CPU backend's dense layers differ in the last bit with the batch (fc6 here, one input
     * against three: 0.20972064 and 0.20972066).
     */
    @Test
    void equalStatesHoweverTheDatasetIsCutAndMerged() {
        InputSet inputs = TestInputs.random(NETWORK.spec(), 7, 5);
        TestContext context = TestContext.of(NETWORK);
        ActivationStatistics work = new ActivationStatistics("conv1,conv3,fc6", 1);
        StatsState whole = work.shard(inputs, context);
        assertEquals(7, whole.taps().get("conv1").inputs);
        List<List<Integer>> cuts = List.of(List.of(1, 1, 1, 1, 1, 1, 1), List.of(3, 1, 2, 1), List.of(2, 5),
                List.of(6, 1));
        for (List<Integer> cut : cuts) {
            List<StatsState> shards = new ArrayList<>();
            int from = 0;
            for (int size : cut) {
                shards.add(work.read(work.write(work.shard(inputs.slice(from, from + size), context))));
                from += size;
            }
            StatsState left = shards.stream().reduce(work::merge).orElseThrow();
            StatsState right = StatsState.EMPTY;
            for (int i = shards.size() - 1; i >= 0; i--) {
                right = work.merge(shards.get(i), right);
            }
            assertSame(whole, left, "cut " + cut + ", left to right");
            assertSame(whole, right, "cut " + cut + ", right to left");
            assertSame(whole, tree(work, shards), "cut " + cut + ", as a tree");
            assertSame(whole, work.merge(work.shard(inputs.slice(0, 0), context), left), "with an empty shard");
        }
    }

    /**
     * A run stopped after 3 of 7 inputs and run again resumes from its saved state (read from bytes) and gives the same
     * statistics as a run straight through; the second run's progress starts after input 3.
     */
    @Test
    void aStoppedRunResumesFromItsSavedStateToTheSameStatistics(@TempDir Path checkpoints) {
        InputSet inputs = TestInputs.random(NETWORK.spec(), 7, 9);
        ActivationStatistics work = new ActivationStatistics("conv2,fc7", 1);
        TestContext stopped = TestContext.of(NETWORK).checkpoints(checkpoints).cancelAfter(3);
        assertThrows(AnalysisCancelledException.class, () -> DatasetRun.local(work, inputs, 1, stopped, 0));
        TestContext resumed = TestContext.of(NETWORK).checkpoints(checkpoints);
        try (AnalysisResult again = DatasetRun.local(work, inputs, 1, resumed, 0);
                AnalysisResult straight = DatasetRun.local(work, inputs, 1, TestContext.of(NETWORK), 0)) {
            assertTrue(resumed.progress().tasks().get(0).name().contains("resumed after input 3"),
                    resumed.progress().tasks().toString());
            assertEquals(4, resumed.progress().units());
            for (String array : List.of("conv2-stats", "fc7-stats")) {
                assertArrayEquals(HostArrays.floats(straight.arrays().get(array)),
                        HostArrays.floats(again.arrays().get(array)), 0f, array);
            }
            assertEquals(straight.summary(), again.summary());
        }
    }

    private static StatsState tree(ActivationStatistics work, List<StatsState> shards) {
        if (shards.size() == 1) {
            return shards.get(0);
        }
        int half = shards.size() / 2;
        return work.merge(tree(work, shards.subList(half, shards.size())), tree(work, shards.subList(0, half)));
    }

    private static void assertSame(StatsState expected, StatsState actual, String what) {
        assertEquals(List.copyOf(expected.taps().keySet()), List.copyOf(actual.taps().keySet()), what);
        expected.taps().forEach((tap, e) -> {
            TapStats a = actual.taps().get(tap);
            String where = what + ", " + tap;
            assertEquals(e.inputs, a.inputs, where);
            assertEquals(e.count, a.count, where);
            assertArrayEquals(e.min, a.min, 0f, where);
            assertArrayEquals(e.max, a.max, 0f, where);
            assertArrayEquals(e.active, a.active, where);
            for (int c = 0; c < e.channels(); c++) {
                assertEquals(e.mean[c], a.mean[c], 1e-9 * Math.abs(e.mean[c]), where + " mean " + c);
                assertEquals(e.m2[c], a.m2[c], 1e-9 * e.m2[c], where + " m2 " + c);
                assertEquals(e.sumOfMaxima[c], a.sumOfMaxima[c], 1e-9 * Math.abs(e.sumOfMaxima[c]), where + " peaks " + c);
            }
        });
    }

    @Test
    void aTapTheNetworkLacksIsRefusedInOneLine() {
        StatsPlugin plugin = new StatsPlugin();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> plugin.run(AnalysisRequest.checked(
                plugin, TestInputs.random(NETWORK.spec(), 1, 1), Map.of("layers", "conv9")), TestContext.of(NETWORK)));
        assertTrue(e.getMessage().contains("conv9"), e.getMessage());
    }
}

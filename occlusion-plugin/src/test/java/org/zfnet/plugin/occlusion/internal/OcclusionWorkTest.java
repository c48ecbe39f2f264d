package org.zfnet.plugin.occlusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.AnalysisCancelledException;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetRun;
import org.zfnet.api.analysis.DatasetWork;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.model.Network;
import org.zfnet.plugin.deconv.internal.DeconvPlugin;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

/**
 * Occlusion over many inputs as a {@link DatasetWork}: any cut of the dataset into shards, run in any order, through
 * bytes and merged in any grouping, finishes into the result of the command line's one pass; states that cannot be
 * right are refused.
 */
class OcclusionWorkTest {

    private final Network network = TestNetworks.random(TestNetworks.tinyZfnet(63, 63), 4);
    /** Twelve annotated inputs, more than get figures, given in an order that is not their names' order. */
    private final InputSet inputs = shuffled(TestInputs.samples(network.spec(), 2, 3), 9);
    private final Map<String, String> options = Map.of("patch", "16", "stride", "8", "layer", "conv5", "mode", "fast");
    private final OcclusionPlugin plugin = new OcclusionPlugin();

    @Test
    void anyCutIntoShardsThroughBytesGivesTheOnePassResult() {
        AnalysisRequest request = AnalysisRequest.checked(plugin, inputs, options);
        AnalysisResult onePass = plugin.run(request, context());
        assertEquals(12, ((List<?>) onePass.summary().get("inputs")).size());
        assertEquals(List.of("boat_00000.png", "boat_00001.png", "car_00000.png"), names(onePass).subList(0, 3),
                "inputs in name order, whatever order they came in");
        assertEquals(8 * 6, onePass.figures().size(), "six figures for each of the first eight inputs");
        @SuppressWarnings("unchecked")
        DatasetWork<OcclusionState> work = (DatasetWork<OcclusionState>) plugin.datasetWork(request).orElseThrow();
        for (long seed = 1; seed <= 3; seed++) {
            AnalysisResult sharded = sharded(work, seed);
            assertSame(onePass, sharded, "cut " + seed);
        }
    }

    @Test
    void aStateIsItsInputsNumbersAndReadsBackBitForBit() {
        AnalysisRequest request = AnalysisRequest.checked(plugin, inputs, options);
        OcclusionWork work = new OcclusionWork(request);
        OcclusionState one = shard(work, inputs.slice(0, 1));
        byte[] bytes = work.write(one);
        int positions = Grid.of(63, 63, 16, 8).positions();
        assertTrue(bytes.length < 20 * positions + 400, bytes.length + " bytes for " + positions + " positions");
        assertArrayEquals(bytes, work.write(work.read(bytes)));
        Occluded o = work.read(bytes).inputs().get(inputs.name(0));
        Occluded original = one.inputs().get(inputs.name(0));
        assertArrayEquals(original.maps().logProbability(), o.maps().logProbability());
        assertArrayEquals(original.maps().topClass(), o.maps().topClass());
        assertEquals(original.annotation(), o.annotation());
        assertEquals(original.estimate(), o.estimate());
    }

    @Test
    void bytesItDidNotWriteAreRefused() {
        OcclusionWork work = new OcclusionWork(AnalysisRequest.checked(plugin, inputs, options));
        byte[] good = work.write(shard(work, inputs.slice(0, 1)));
        byte[] later = good.clone();
        later[11]++; // the version
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        byte[] huge = good.clone();
        huge[12] = 0x7f; // the count of inputs
        for (byte[] bad : List.of(new byte[0], "not a state at all".getBytes(), later, longer, huge,
                java.util.Arrays.copyOf(good, good.length - 3), java.util.Arrays.copyOf(good, 40))) {
            assertThrows(IllegalArgumentException.class, () -> work.read(bad), bad.length + " bytes");
        }
    }

    @Test
    void anInputInBothStatesMergedIsAMistake() {
        OcclusionWork work = new OcclusionWork(AnalysisRequest.checked(plugin, inputs, options));
        OcclusionState first = shard(work, inputs.slice(0, 2));
        OcclusionState again = shard(work, inputs.slice(1, 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> work.merge(first, again));
        assertTrue(e.getMessage().startsWith("input " + inputs.name(1) + " is occluded in both"), e.getMessage());
    }

    @Test
    void theCommandLineTellsRepeatedNamesApart() {
        InputSet alike = InputSet.of(TestInputs.batch(network.spec(), 3, 1), List.of("a.png", "a.png", "a.png (2)"));
        AnalysisResult result = plugin.run(AnalysisRequest.checked(plugin, alike, options), context());
        assertEquals(List.of("a.png", "a.png (2)", "a.png (3)"), names(result), "the repeat takes the next free number");
        float[] maps = HostArrays.floats(result.arrays().get("class_probability"));
        int positions = Grid.of(63, 63, 16, 8).positions();
        AnalysisResult second = plugin.run(AnalysisRequest.checked(plugin, alike.slice(1, 2), options), context());
        assertArrayEquals(HostArrays.floats(second.arrays().get("class_probability")),
                java.util.Arrays.copyOfRange(maps, 2 * positions, 3 * positions), "a.png (3) is the second input");
    }

    @Test
    void aRunStoppedBetweenInputsResumesToTheSameResult(@TempDir Path checkpoints) {
        AnalysisRequest request = AnalysisRequest.checked(plugin, inputs, options);
        AnalysisResult whole = plugin.run(request, context());
        OcclusionWork work = new OcclusionWork(request);
        int positions = Grid.of(63, 63, 16, 8).positions();
        TestContext stopped = context().checkpoints(checkpoints).cancelAfter(5 * positions);
        assertThrows(AnalysisCancelledException.class, () -> DatasetRun.local(work, inputs, 1, stopped, 0));
        TestContext resumed = context().checkpoints(checkpoints);
        AnalysisResult rest = DatasetRun.local(work, inputs, 1, resumed, 0);
        assertTrue(resumed.progress().tasks().get(0).name().contains("resumed after input 5 of 12"),
                resumed.progress().tasks().toString());
        assertEquals(7 * positions, resumed.progress().tasks().get(0).total(), "a unit per square position");
        assertEquals(7 * positions, resumed.progress().tasks().get(0).advanced());
        assertSame(whole, rest, "resumed");
    }

    @Test
    void inputNamesSortWithTheirNumbersAsNumbers() {
        List<String> names = new ArrayList<>(List.of("batch.npy[10]", "b.png", "batch.npy[2]", "a10.png", "a9.png",
                "a09.png", "batch.npy[1]", "a.png"));
        names.sort(NameOrder.INSTANCE);
        assertEquals(List.of("a.png", "a09.png", "a9.png", "a10.png", "b.png", "batch.npy[1]", "batch.npy[2]",
                "batch.npy[10]"), names);
        assertTrue(NameOrder.INSTANCE.compare("a9.png", "a09.png") > 0 && NameOrder.INSTANCE.compare("a09.png",
                "a9.png") < 0, "equal numbers: string order, so that distinct names never tie");
    }

    /**
     * The work run as a cluster would: the inputs cut at random places into shards, shards run in a random order,
     * each state through bytes, merged pairwise in a random grouping, then the revisited inputs' details.
     */
    private AnalysisResult sharded(DatasetWork<OcclusionState> work, long seed) {
        Random random = new Random(seed);
        List<Integer> order = IntStream.range(0, inputs.size()).boxed().collect(java.util.stream.Collectors.toList());
        Collections.shuffle(order, random);
        List<byte[]> states = new ArrayList<>();
        for (int from = 0; from < order.size(); ) {
            int to = Math.min(order.size(), from + 1 + random.nextInt(5));
            states.add(work.write(shard(work, inputs.select(order.subList(from, to)))));
            from = to;
        }
        while (states.size() > 1) {
            int a = random.nextInt(states.size());
            byte[] first = states.remove(a);
            byte[] second = states.remove(random.nextInt(states.size()));
            states.add(work.write(work.merge(work.read(second), work.read(first))));
        }
        OcclusionState merged = work.read(states.get(0));
        Set<String> revisit = work.revisit(merged);
        assertEquals(8, revisit.size());
        InputSet revisited = inputs.select(DatasetRun.indices(inputs, revisit));
        OcclusionState details = work.read(work.write(work.details(merged, revisited, context())));
        OcclusionState all = work.merge(details, merged);
        assertEquals(Set.of(), work.revisit(all), "every picture in");
        return work.finish(all, context());
    }

    /** A shard's state as a runner gets it: a progress task started, advanced by the work one unit per position. */
    private OcclusionState shard(DatasetWork<OcclusionState> work, InputSet shard) {
        TestContext context = context();
        long units = shard.size() * work.progressPerInput(context);
        context.progress().start(work.task(), units);
        OcclusionState state = work.shard(shard, context);
        assertTrue(context.progress().tasks().get(0).finished(), context.progress().tasks().toString());
        return state;
    }

    private static void assertSame(AnalysisResult expected, AnalysisResult actual, String what) {
        assertEquals(expected.arrays().keySet(), actual.arrays().keySet(), what);
        expected.arrays().forEach((name, a) -> {
            assertArrayEquals(a.shape(), actual.arrays().get(name).shape(), what + ": " + name);
            assertArrayEquals(HostArrays.floats(a.castTo(DataType.FLOAT)), HostArrays.floats(actual.arrays().get(name)
                    .castTo(DataType.FLOAT)), what + ": " + name);
        });
        assertEquals(List.copyOf(expected.figures().keySet()), List.copyOf(actual.figures().keySet()), what);
        expected.figures().forEach((name, f) -> {
            Figure g = actual.figures().get(name);
            assertEquals(f.caption(), g.caption(), what + ": " + name);
            assertArrayEquals(f.data().shape(), g.data().shape(), what + ": " + name);
            assertArrayEquals(HostArrays.floats(f.data()), HostArrays.floats(g.data()), what + ": " + name);
        });
        assertEquals(withoutSeconds(expected), withoutSeconds(actual), what);
    }

    private static Map<String, Object> withoutSeconds(AnalysisResult result) {
        Map<String, Object> summary = new LinkedHashMap<>(result.summary());
        assertTrue(summary.remove("seconds") instanceof Double);
        return summary;
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(AnalysisResult result) {
        return ((List<Map<String, Object>>) result.summary().get("inputs")).stream().map(r -> (String) r.get("input"))
                .toList();
    }

    /** {@code inputs} in a seeded random order. */
    private static InputSet shuffled(InputSet inputs, long seed) {
        List<Integer> order = IntStream.range(0, inputs.size()).boxed().collect(java.util.stream.Collectors.toList());
        Collections.shuffle(order, new Random(seed));
        return inputs.select(order);
    }

    /** The network with the deconv plugin installed, for the projection figures. */
    private TestContext context() {
        return TestContext.of(network).plugin(new DeconvPlugin());
    }
}

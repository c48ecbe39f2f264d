package org.zfnet.plugin.deconv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

/**
 * Top-k mining cut into shards in any way and merged in any order, as a cluster runs it, gives the hits and arrays of
 * the one-pass command line run; the hits are those of a plain search over every input's activations.
 */
class TopMiningTest {

    private static final int K = 3;
    private static final String CHANNELS = "0-5";

    private final Network network = TestNetworks.random(DeconvnetTest.TINY, 7);
    /** 13 inputs named input-0 to input-12: name order (input-10 before input-2) is not input order. */
    private final InputSet inputs = TestInputs.random(DeconvnetTest.TINY, 13, 23);

    private final TopMining work = new TopMining("conv2", CHANNELS, K, 2, ProjectionRule.DECONVNET, false);

    /** How the partial states of the shards, in shard order, are merged. */
    private enum Order {
        LEFT, REVERSE, TREE
    }

    @Test
    void anyCutIntoShardsMergedInAnyOrderGivesTheOnePassResult() {
        AnalysisResult onePass = commandLine(inputs, K);
        assertSameResult(onePass, sharded(inputs, cut(0, 13), Order.LEFT, false));
        List<List<Integer>> ones = IntStream.range(0, 13).mapToObj(i -> cut(i, i + 1).get(0)).toList();
        assertSameResult(onePass, sharded(inputs, ones, Order.LEFT, false));
        assertSameResult(onePass, sharded(inputs, ones, Order.REVERSE, false));
        List<List<Integer>> uneven = concat(cut(0, 3), cut(3, 4), cut(4, 9), cut(9, 13));
        assertSameResult(onePass, sharded(inputs, uneven, Order.REVERSE, false));
        assertSameResult(onePass, sharded(inputs, uneven, Order.TREE, false));
        List<List<Integer>> interleaved = List.of(List.of(12, 0, 6, 2, 8, 4, 10), List.of(), List.of(5, 3, 11, 1, 9, 7));
        assertSameResult(onePass, sharded(inputs, interleaved, Order.TREE, true));
        assertSameResult(onePass, sharded(inputs, uneven, Order.LEFT, true));
    }

    @Test
    void theHitsAreEachChannelsStrongestInputsFoundByAPlainSearch() {
        List<List<Hit>> expected = plainSearch(inputs, List.of(0, 1, 2, 3, 4, 5), K);
        TopState merged = mined(inputs, concat(cut(0, 5), cut(5, 6), cut(6, 13)), Order.REVERSE, false);
        assertEquals(13, merged.inputs());
        assertEquals(network.forward(inputs.load(0, 1), "conv2").tap("conv2").size(1), merged.tapChannels());
        int fired = 0;
        for (int c = 0; c < 6; c++) {
            assertEquals(expected.get(c), merged.hits(c), "channel " + c);
            fired += expected.get(c).size();
        }
        assertTrue(fired >= 6, "the case is one where channels fire, found " + fired + " hits");
    }

    @Test
    void equalActivationsGoToTheInputWhoseNameComesFirst() {
        // input 0 and input 2 are the same image, named so that the later one comes first by name
        INDArray batch = TestInputs.batch(DeconvnetTest.TINY, 3, 31);
        batch.get(NDArrayIndex.point(2)).assign(batch.get(NDArrayIndex.point(0)));
        InputSet twins = InputSet.of(batch, List.of("twin-b", "other", "twin-a"));
        int depth = merge(work, List.of(work.shard(twins, context())), Order.LEFT).tapChannels();
        int channel = plainSearch(twins, IntStream.range(0, depth).boxed().toList(), 3).stream().filter(hits -> hits.size() == 3
                && hits.get(0).value() == hits.get(1).value()).findFirst().orElseThrow().get(0).channel();
        TopMining one = new TopMining("conv2", String.valueOf(channel), 1, 2, ProjectionRule.DECONVNET, false);
        for (List<List<Integer>> cut : List.of(cut(0, 3), concat(cut(0, 1), cut(1, 3)), concat(cut(2, 3), cut(0, 2)))) {
            for (Order order : Order.values()) {
                TopState merged = merge(one, cut.stream().map(s -> one.shard(twins.select(s), context())).toList(), order);
                assertEquals("twin-a", merged.hits(channel).get(0).input(), cut + " " + order);
            }
        }
        AnalysisResult result = commandLineOf(twins, Map.of("top", "1", "channels", String.valueOf(channel)));
        assertEquals("twin-a", hitRows(result).get(0).get(0).get("input"));
    }

    /** {@code zfnet analyze deconv --top k}: the plugin's run, one pass over batches of 4. */
    private AnalysisResult commandLine(InputSet in, int k) {
        return commandLineOf(in, Map.of("top", String.valueOf(k), "channels", CHANNELS));
    }

    private AnalysisResult commandLineOf(InputSet in, Map<String, String> options) {
        Map<String, String> given = new java.util.HashMap<>(options);
        given.put("layer", "conv2");
        given.put("batch", "4");
        DeconvPlugin plugin = new DeconvPlugin();
        return plugin.run(AnalysisRequest.checked(plugin, in, given), context());
    }

    private TestContext context() {
        return TestContext.of(network);
    }

    /** The merged state, details included, of the shards run apart (through bytes between every step if asked). */
    private TopState mined(InputSet in, List<List<Integer>> shards, Order order, boolean viaBytes) {
        Function<TopState, TopState> send = viaBytes ? s -> work.read(work.write(s)) : s -> s;
        List<TopState> states = new ArrayList<>();
        for (List<Integer> shard : shards) {
            states.add(send.apply(work.shard(in.select(shard), context())));
        }
        TopState merged = send.apply(merge(work, states.stream().map(send).toList(), order));
        Set<String> revisit = work.revisit(merged);
        List<TopState> details = new ArrayList<>();
        for (List<Integer> shard : shards) {
            InputSet held = in.select(shard);
            List<Integer> there = IntStream.range(0, held.size()).filter(i -> revisit.contains(held.name(i))).boxed()
                    .toList();
            if (!there.isEmpty()) {
                details.add(send.apply(work.details(merged, held.select(there), context())));
            }
        }
        details.add(0, merged);
        return send.apply(merge(work, details, order));
    }

    private AnalysisResult sharded(InputSet in, List<List<Integer>> shards, Order order, boolean viaBytes) {
        return work.finish(mined(in, shards, order, viaBytes), context());
    }

    private static TopState merge(TopMining work, List<TopState> states, Order order) {
        return switch (order) {
            case LEFT -> states.stream().reduce(work::merge).orElseThrow();
            case REVERSE -> {
                List<TopState> reversed = new ArrayList<>(states);
                Collections.reverse(reversed);
                yield reversed.stream().reduce(work::merge).orElseThrow();
            }
            case TREE -> states.size() == 1 ? states.get(0) : work.merge(
                    merge(work, states.subList(0, states.size() / 2), order),
                    merge(work, states.subList(states.size() / 2, states.size()), order));
        };
    }

    /**
     * Per channel, the strongest activation of each input found by forwarding it alone and scanning its map, then the
     * {@code k} strongest of those above zero, equal values by name: selection, one pick at a time.
     */
    private List<List<Hit>> plainSearch(InputSet in, List<Integer> channels, int k) {
        List<List<Hit>> perChannel = new ArrayList<>();
        List<float[]> maps = new ArrayList<>();
        long[] shape = null;
        for (int i = 0; i < in.size(); i++) {
            try (INDArray x = in.load(i, i + 1); ForwardTrace trace = network.forward(x, "conv2")) {
                shape = trace.tap("conv2").shape();
                maps.add(HostArrays.floats(trace.tap("conv2")));
            }
        }
        int h = (int) shape[2];
        int w = (int) shape[3];
        for (int c : channels) {
            List<Hit> candidates = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                float[] a = maps.get(i);
                int best = -1;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int at = (c * h + y) * w + x;
                        if (best < 0 || a[at] > a[best]) {
                            best = at;
                        }
                    }
                }
                if (a[best] > 0) {
                    int within = best - c * h * w;
                    candidates.add(new Hit(in.name(i), c, a[best], within / w, within % w));
                }
            }
            List<Hit> picked = new ArrayList<>();
            while (picked.size() < k && !candidates.isEmpty()) {
                Hit top = candidates.get(0);
                for (Hit hit : candidates) {
                    if (hit.value() > top.value() || (hit.value() == top.value() && hit.input().compareTo(top.input()) < 0)) {
                        top = hit;
                    }
                }
                picked.add(top);
                candidates.remove(top);
            }
            perChannel.add(picked);
        }
        return perChannel;
    }

    /** The indices {@code from} to {@code to} as one shard. */
    private static List<List<Integer>> cut(int from, int to) {
        return List.of(IntStream.range(from, to).boxed().toList());
    }

    @SafeVarargs
    private static List<List<Integer>> concat(List<List<Integer>>... parts) {
        List<List<Integer>> all = new ArrayList<>();
        for (List<List<Integer>> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    static List<List<Map<String, Object>>> hitRows(AnalysisResult result) {
        return ((List<Map<String, Object>>) result.summary().get("channels")).stream()
                .map(c -> (List<Map<String, Object>>) c.get("hits")).toList();
    }

    /** Equal summaries (hits, values, positions, fields), captions and values; tiles and figures to 1e-6. */
    static void assertSameResult(AnalysisResult expected, AnalysisResult actual) {
        assertEquals(expected.summary(), actual.summary());
        assertEquals(expected.arrays().keySet(), actual.arrays().keySet());
        assertEquals(expected.arrays().get("top_values"), actual.arrays().get("top_values"));
        for (String name : expected.arrays().keySet()) {
            assertClose(expected.arrays().get(name), actual.arrays().get(name), name);
        }
        assertEquals(expected.figures().keySet(), actual.figures().keySet());
        for (Map.Entry<String, Figure> f : expected.figures().entrySet()) {
            Figure other = actual.figures().get(f.getKey());
            assertEquals(f.getValue().caption(), other.caption());
            assertClose(f.getValue().data(), other.data(), f.getKey());
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String name) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), name);
        float[] e = HostArrays.floats(expected);
        float[] a = HostArrays.floats(actual);
        double diff = 0;
        for (int i = 0; i < e.length; i++) {
            diff = Math.max(diff, Math.abs((double) e[i] - a[i]));
        }
        assertTrue(diff <= 1e-6, name + " differs by " + diff);
    }
}

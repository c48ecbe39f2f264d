package org.zfnet.plugin.deconv.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.zfnet.api.analysis.Figures;

import org.nd4j.linalg.indexing.NDArrayIndex;

import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetRun;
import org.zfnet.api.analysis.DatasetWork;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.model.Network;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

/** The plugin's modes end to end outside the container, on a small random network. */
class DeconvPluginTest {

    @TempDir
    Path dir;

    private final Network network = TestNetworks.random(DeconvnetTest.TINY, 3);

    private AnalysisResult run(InputSet inputs, Map<String, String> given) {
        DeconvPlugin plugin = new DeconvPlugin();
        return plugin.run(AnalysisRequest.checked(plugin, inputs, given), TestContext.of(network));
    }

    private static InputSet inputs(int n) {
        return TestInputs.random(DeconvnetTest.TINY, n, 11);
    }

    @Test
    void topNineKeepsTheStrongestActivationsAtMostOnePerInput() {
        InputSet inputs = inputs(12);
        AnalysisResult result = run(inputs, Map.of("layer", "conv2", "top", "9", "channels", "0-2", "batch", "5"));
        assertArrayEquals(new long[] {3, 9}, result.arrays().get("top_values").shape());
        assertEquals(5, result.arrays().get("top_projections").rank());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> channels = (List<Map<String, Object>>) result.summary().get("channels");
        for (Map<String, Object> channel : channels) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> hits = (List<Map<String, Object>>) channel.get("hits");
            Set<Object> seen = new HashSet<>();
            float previous = Float.MAX_VALUE;
            for (Map<String, Object> hit : hits) {
                assertTrue(seen.add(hit.get("input")), "one hit per input: " + hits);
                float value = (Float) hit.get("value");
                assertTrue(value <= previous, "strongest first");
                previous = value;
            }
            assertTrue(hits.size() <= 9);
        }
        assertTrue(result.figures().containsKey("conv2-channel-000") && result.figures().containsKey("conv2-top9"));
    }

    @Test
    void theFirstLayersProjectionsAreItsFiltersAndTheCaptionSaysSo() {
        AnalysisResult first = run(inputs(6), Map.of("layer", "conv1", "top", "3", "channels", "0-3", "batch", "3"));
        assertTrue(first.figures().get("conv1-top3").caption().endsWith(TopResult.FIRST_LAYER),
                first.figures().get("conv1-top3").caption());
        INDArray weights = network.parameters().get("conv1.weight");
        int kernel = (int) weights.size(2);
        INDArray tiles = first.arrays().get("top_projections");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> channels = (List<Map<String, Object>>) first.summary().get("channels");
        int compared = 0;
        for (int c = 0; c < channels.size(); c++) {
            int channel = (Integer) channels.get(c).get("channel");
            INDArray filter = Figures.signedToRgb(weights.get(NDArrayIndex.point(channel)).dup('c'));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> hits = (List<Map<String, Object>>) channels.get(c).get("hits");
            for (int j = 0; j < hits.size(); j++) {
                @SuppressWarnings("unchecked")
                List<Integer> field = (List<Integer>) hits.get(j).get("field");
                if (field.get(2) == kernel && field.get(3) == kernel) { // [x0, y0, width, height]: not clipped
                    INDArray tile = tiles.get(NDArrayIndex.point(c), NDArrayIndex.point(j));
                    assertTrue(tile.equalsWithEps(filter, 1e-5), "channel " + channel + " hit " + j
                            + " is not its filter");
                    compared++;
                }
            }
        }
        assertTrue(compared >= 4, "hits with a whole receptive field: " + compared);
        AnalysisResult deeper = run(inputs(6), Map.of("layer", "conv2", "top", "3", "channels", "0-3", "batch", "3"));
        assertFalse(deeper.figures().get("conv2-top3").caption().contains(TopResult.FIRST_LAYER));
    }

    @Test
    void aTopPastTheInputsIsSizedByTheInputs() {
        // at most one hit per input: --top 5000 over 4 inputs finds at most 4 per channel, and allocates for 4
        AnalysisResult result = run(inputs(4), Map.of("layer", "conv2", "top", "5000", "channels", "0-2", "batch", "3"));
        int found = (Integer) result.summary().get("hits_found");
        assertEquals(5000, result.summary().get("k"), "the k asked for");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> channels = (List<Map<String, Object>>) result.summary().get("channels");
        int most = channels.stream().mapToInt(c -> ((List<?>) c.get("hits")).size()).max().orElseThrow();
        assertEquals(most, found, "the largest per-channel count");
        assertTrue(found >= 1 && found <= 4, "found " + found);
        assertArrayEquals(new long[] {3, 4}, result.arrays().get("top_values").shape());
        assertEquals(4, result.arrays().get("top_projections").size(1));
        assertEquals(4, result.arrays().get("top_patches").size(1));
        // the channel grid holds ceil(sqrt(4)) = 2 columns of tiles, not ceil(sqrt(5000)) = 71
        long size = result.arrays().get("top_patches").size(3);
        int columns = 2;
        long width = 2 * (columns * (size + 1) + 1) + 3 * 3;
        assertEquals(width, result.figures().get("conv2-channel-000").data().size(2));
    }

    @Test
    void filtersAndSingleProjectionsAndEvolution() throws Exception {
        AnalysisResult filters = run(null, Map.of("filters", "true"));
        assertArrayEquals(new long[] {6, 3, 7, 7}, filters.arrays().get("conv1_weights").shape());

        AnalysisResult projections = run(inputs(2), Map.of("layer", "conv3", "channel", "2"));
        assertArrayEquals(new long[] {2, 3, 63, 63}, projections.arrays().get("projection").shape());

        Path checkpoint = dir.resolve("early.safetensors");
        TestNetworks.factory().save(TestNetworks.random(DeconvnetTest.TINY, 99), checkpoint);
        AnalysisResult evolution = run(inputs(3), Map.of("layer", "conv2", "channels", "0,1",
                "checkpoints", checkpoint.toString()));
        assertEquals(2, ((List<?>) evolution.summary().get("columns")).size(), "the checkpoint, then the current weights");
        assertTrue(evolution.figures().containsKey("conv2-evolution"));
    }

    @Test
    void evolutionTellsInputsOfOneNameApart() throws Exception {
        // files of one name in two folders: the command line names inputs by their file names
        InputSet alike = InputSet.of(TestInputs.batch(DeconvnetTest.TINY, 3, 11), List.of("a.png", "a.png", "b.png"));
        Path checkpoint = dir.resolve("early.safetensors");
        TestNetworks.factory().save(TestNetworks.random(DeconvnetTest.TINY, 99), checkpoint);
        AnalysisResult evolution = run(alike, Map.of("layer", "conv2", "channels", "0-3",
                "checkpoints", checkpoint.toString()));
        assertTrue(evolution.figures().containsKey("conv2-evolution"));
    }

    @Test
    void theDatasetWorkIsTheMiningOfARunWithTop() {
        DeconvPlugin plugin = new DeconvPlugin();
        InputSet inputs = inputs(6);
        Map<String, String> given = Map.of("top", "2", "channels", "0,2", "batch", "4");
        AnalysisRequest request = AnalysisRequest.checked(plugin, inputs, given);
        DatasetWork<?> work = plugin.datasetWork(request).orElseThrow();
        assertEquals("mining the last convolution", work.task());
        // the layer left to the network the work runs on (auto: the last convolution, conv5 here)
        AnalysisResult apart = DatasetRun.local(work, inputs, 4, TestContext.of(network));
        AnalysisResult run = plugin.run(request, TestContext.of(network));
        assertEquals("conv5", apart.summary().get("layer"));
        TopMiningTest.assertSameResult(run, apart);

        assertTrue(plugin.datasetWork(AnalysisRequest.checked(plugin, inputs, Map.of())).isEmpty(), "no --top");
        assertTrue(plugin.datasetWork(AnalysisRequest.checked(plugin, inputs, Map.of("top", "9", "filters", "true")))
                .isEmpty(), "--filters");
        assertTrue(plugin.datasetWork(AnalysisRequest.checked(plugin, inputs, Map.of("top", "9", "checkpoints",
                "a.safetensors"))).isEmpty(), "--checkpoints");
    }
}

package org.zfnet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.model.Network;

/** The test context cancels when told, records what the plugin reported, and fails where a plugin misbehaves. */
class TestContextTest {

    @TempDir
    Path dir;

    private static int run(TestContext context, Map<String, String> options) {
        Counting plugin = new Counting();
        return plugin.run(AnalysisRequest.checked(plugin, null, options), context).arrays().get("steps").getInt(0);
    }

    @Test
    void progressIsRecordedTaskByTask() {
        TestContext context = TestContext.withoutNetwork();
        assertEquals(10, run(context, Map.of()));
        assertEquals(List.of(new ProgressLog.Task("counting", 5, 5), new ProgressLog.Task("recounting", 5, 5)),
                context.progress().tasks());
        assertTrue(context.progress().task("recount").finished());
        assertEquals(10, context.progress().units());
        assertEquals("no progress task starts with 'mining'; the tasks were [counting, recounting]",
                assertThrows(NoSuchElementException.class, () -> context.progress().task("mining")).getMessage());
        assertFalse(context.isCancelled());
    }

    @Test
    void cancelAfterUnitsStopsAPluginThatChecksAndShowsOneThatDoesNot() {
        TestContext listening = TestContext.withoutNetwork().cancelAfter(7);
        assertEquals(7, run(listening, Map.of()));
        assertEquals(new ProgressLog.Task("recounting", 5, 2), listening.progress().task("recounting"));
        assertTrue(listening.isCancelled());

        TestContext ignored = TestContext.withoutNetwork().cancelAfter(7);
        assertEquals(10, run(ignored, Map.of("deaf", "true")), "a plugin that never checks runs to the end");
        assertEquals(10, ignored.progress().units());
    }

    @Test
    void cancelAtATaskStopsWhenTheTaskBeginsAndCancelStopsAtOnce() {
        TestContext atTask = TestContext.withoutNetwork().cancelAtTask("recount");
        assertEquals(5, run(atTask, Map.of()));
        assertEquals(0, atTask.progress().task("recounting").advanced());

        TestContext now = TestContext.withoutNetwork();
        now.cancel();
        assertEquals(0, run(now, Map.of()));
        assertThrows(InvalidInputException.class, () -> now.cancelAfter(-1));
    }

    @Test
    void checkpointsPluginsAndNetworksWithOtherWeights() {
        TestContext bare = TestContext.withoutNetwork();
        assertEquals(Optional.empty(), bare.checkpoints());
        assertEquals(Optional.empty(), bare.plugin("counting"));
        assertTrue(assertThrows(ZfnetException.class, bare::network).getMessage().contains("has no network"));

        Network early = TestNetworks.random(TestNetworks.tinyZfnet(63, 63), 1);
        Path weights = dir.resolve("early.safetensors");
        TestNetworks.factory().save(early, weights);
        Counting counting = new Counting();
        TestContext context = TestContext.of(TestNetworks.random(early.spec(), 2)).checkpoints(dir).plugin(counting);
        assertEquals(Optional.of(dir), context.checkpoints());
        assertSame(counting, context.plugin("counting").orElseThrow());
        INDArray now = context.network().parameters().get("conv1.weight");
        INDArray then = context.network(weights).parameters().get("conv1.weight");
        assertEquals(early.parameters().get("conv1.weight"), then, "the checkpoint's weights");
        assertFalse(now.equals(then), "another seed, other weights");
    }

    @Test
    void requestsFillInTheDefaultsAndRefuseOptionsThePluginDoesNotHave() {
        AnalysisRequest request = AnalysisRequest.checked(new Counting(), null, Map.of("count", "2"));
        assertEquals(Map.of("count", "2", "deaf", "false"), request.options());
        assertEquals("plugin counting has no option --steps", assertThrows(InvalidInputException.class,
                () -> AnalysisRequest.checked(new Counting(), null, Map.of("steps", "2"))).getMessage());
    }
}

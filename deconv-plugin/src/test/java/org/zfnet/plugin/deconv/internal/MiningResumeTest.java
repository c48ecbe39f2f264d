package org.zfnet.plugin.deconv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.model.Network;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

/** Top-k mining interrupted part-way resumes from its checkpoint and ends with the uninterrupted result. */
class MiningResumeTest {

    private static final int BATCH = 4;

    @TempDir
    Path dir;

    private final Network network = TestNetworks.random(DeconvnetTest.TINY, 5);
    private final List<Integer> channels = List.of(0, 1, 2, 3);

    /** The inputs, recording where each batch started. */
    private static final class Counted implements InputSet {
        private final InputSet inputs;
        final List<Integer> loads = new ArrayList<>();

        Counted(InputSet inputs) {
            this.inputs = inputs;
        }

        @Override
        public int size() {
            return inputs.size();
        }

        @Override
        public String name(int index) {
            return inputs.name(index);
        }

        @Override
        public INDArray load(int from, int to) {
            loads.add(from);
            return inputs.load(from, to);
        }
    }

    /**
     * A context with a checkpoint folder (or none) that asks the run to stop once {@code stopAfterBatches} batches of
     * {@link #BATCH} inputs were mined (reported as progress).
     */
    private TestContext context(Path checkpoints, int stopAfterBatches) {
        return TestContext.of(network).checkpoints(checkpoints).cancelAfter((long) stopAfterBatches * BATCH);
    }

    private Counted inputs() {
        return new Counted(TestInputs.random(DeconvnetTest.TINY, 20, 17));
    }

    @Test
    void anInterruptedPassResumesAfterItsLastCheckpointWithTheSameResult() throws Exception {
        Counted whole = inputs();
        Map<Integer, List<TopActivations.Hit>> expected = TopActivations.mine(network, whole, "conv2", channels, 3, BATCH,
                context(null, Integer.MAX_VALUE), 0);
        assertEquals(List.of(0, 4, 8, 12, 16), whole.loads);

        Counted first = inputs();
        assertThrows(ZfnetException.class, () -> TopActivations.mine(network, first, "conv2", channels, 3, BATCH,
                context(dir, 3), 0));
        assertEquals(List.of(0, 4, 8), first.loads);
        Path saved = dir.resolve("top-activations.txt");
        assertTrue(Files.isRegularFile(saved));
        assertEquals("12", Files.readAllLines(saved).get(1), "inputs done when the run stopped");

        Counted second = inputs();
        Map<Integer, List<TopActivations.Hit>> resumed = TopActivations.mine(network, second, "conv2", channels, 3, BATCH,
                context(dir, Integer.MAX_VALUE), 0);
        assertEquals(List.of(12, 16), second.loads, "only the inputs after the checkpoint");
        assertEquals(expected, resumed);
        assertFalse(Files.exists(saved), "the checkpoint is removed once the pass is complete");
    }

    @Test
    void aCheckpointOfOtherWorkIsNotUsed() throws Exception {
        Counted first = inputs();
        assertThrows(ZfnetException.class, () -> TopActivations.mine(network, first, "conv2", channels, 3, BATCH,
                context(dir, 2), 0));
        Counted other = inputs();
        Map<Integer, List<TopActivations.Hit>> twoEach = TopActivations.mine(network, other, "conv2", channels, 2, BATCH,
                context(dir, Integer.MAX_VALUE), 0);
        assertEquals(List.of(0, 4, 8, 12, 16), other.loads, "k differs: mined from the start");
        twoEach.values().forEach(hits -> assertTrue(hits.size() <= 2));

        Files.writeString(dir.resolve("top-activations.txt"), "damaged");
        Counted again = inputs();
        TopActivations.mine(network, again, "conv2", channels, 3, BATCH, context(dir, Integer.MAX_VALUE), 0);
        assertEquals(List.of(0, 4, 8, 12, 16), again.loads, "a damaged checkpoint counts as none");
    }
}

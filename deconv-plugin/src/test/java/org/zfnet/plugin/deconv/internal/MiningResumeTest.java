package org.zfnet.plugin.deconv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetRun;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

/**
 * Top-k mining interrupted part-way resumes from its checkpoint (DatasetRun's, {@code dataset-state.bin}) and ends
 * with the uninterrupted result.
 */
class MiningResumeTest {

    private static final int BATCH = 4;

    @TempDir
    Path dir;

    private final Network network = TestNetworks.random(DeconvnetTest.TINY, 5);

    private static TopMining mining(int k) {
        return new TopMining("conv2", "0-3", k, BATCH, ProjectionRule.DECONVNET, false);
    }

    /** The inputs, recording where each load of several inputs (a batch mined, not an input revisited) started. */
    private static final class Counted implements InputSet {
        private final InputSet inputs;
        final List<Integer> batches = new ArrayList<>();

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
            if (to - from > 1) {
                batches.add(from);
            }
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

    private static Counted inputs() {
        return new Counted(TestInputs.random(DeconvnetTest.TINY, 20, 17));
    }

    @Test
    void anInterruptedPassResumesAfterItsLastCheckpointWithTheSameResult() throws Exception {
        Counted whole = inputs();
        AnalysisResult expected = DatasetRun.local(mining(3), whole, BATCH, context(null, Integer.MAX_VALUE), 0);
        assertEquals(List.of(0, 4, 8, 12, 16), whole.batches);

        Counted first = inputs();
        assertThrows(ZfnetException.class, () -> DatasetRun.local(mining(3), first, BATCH, context(dir, 3), 0));
        assertEquals(List.of(0, 4, 8), first.batches);
        Path saved = dir.resolve("dataset-state.bin");
        assertTrue(Files.isRegularFile(saved));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(saved)))) {
            assertTrue(in.readUTF().startsWith(mining(3).key()), "the checkpoint is of this work");
            assertEquals(12, in.readInt(), "inputs done when the run stopped");
        }

        Counted second = inputs();
        AnalysisResult resumed = DatasetRun.local(mining(3), second, BATCH, context(dir, Integer.MAX_VALUE), 0);
        assertEquals(List.of(12, 16), second.batches, "only the inputs after the checkpoint");
        TopMiningTest.assertSameResult(expected, resumed);
        assertFalse(Files.exists(saved), "the checkpoint is removed once the pass is complete");
    }

    @Test
    void aCheckpointOfOtherWorkIsNotUsed() throws Exception {
        Counted first = inputs();
        assertThrows(ZfnetException.class, () -> DatasetRun.local(mining(3), first, BATCH, context(dir, 2), 0));
        Counted other = inputs();
        AnalysisResult twoEach = DatasetRun.local(mining(2), other, BATCH, context(dir, Integer.MAX_VALUE), 0);
        assertEquals(List.of(0, 4, 8, 12, 16), other.batches, "k differs: mined from the start");
        assertEquals(2, twoEach.arrays().get("top_values").size(1));

        Files.writeString(dir.resolve("dataset-state.bin"), "damaged");
        Counted again = inputs();
        DatasetRun.local(mining(3), again, BATCH, context(dir, Integer.MAX_VALUE), 0);
        assertEquals(List.of(0, 4, 8, 12, 16), again.batches, "a damaged checkpoint counts as none");
    }
}

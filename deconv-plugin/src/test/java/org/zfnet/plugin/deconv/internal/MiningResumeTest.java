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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.Progress;
import org.zfnet.api.analysis.StandaloneContext;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.Network;
import org.zfnet.model.internal.Networks;

/** Top-k mining interrupted part-way resumes from its checkpoint and ends with the uninterrupted result. */
class MiningResumeTest {

    @TempDir
    Path dir;

    private final Network network = new Networks().random(DeconvnetTest.tiny(), 5, DeconvnetTest.CPU);
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

    /** A context with a checkpoint folder that asks the run to stop once {@code stopAfter} batches were loaded. */
    private AnalysisContext context(Path checkpoints, Counted inputs, int stopAfter) {
        AnalysisContext base = StandaloneContext.of(network, null);
        return new AnalysisContext() {
            @Override
            public ComputeBackend backend() {
                return base.backend();
            }

            @Override
            public Network network() {
                return network;
            }

            @Override
            public Network network(Path weights) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Progress progress() {
                return base.progress();
            }

            @Override
            public boolean isCancelled() {
                return inputs.loads.size() >= stopAfter;
            }

            @Override
            public Optional<AnalysisPlugin> plugin(String id) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> checkpoints() {
                return Optional.ofNullable(checkpoints);
            }
        };
    }

    private Counted inputs() {
        INDArray x = DeconvnetTest.randomInput(17, 20);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add("image-" + i);
        }
        return new Counted(InputSet.of(x, names));
    }

    @Test
    void anInterruptedPassResumesAfterItsLastCheckpointWithTheSameResult() throws Exception {
        Counted whole = inputs();
        Map<Integer, List<TopActivations.Hit>> expected = TopActivations.mine(network, whole, "conv2", channels, 3, 4,
                context(null, whole, Integer.MAX_VALUE), 0);
        assertEquals(List.of(0, 4, 8, 12, 16), whole.loads);

        Counted first = inputs();
        assertThrows(ZfnetException.class, () -> TopActivations.mine(network, first, "conv2", channels, 3, 4,
                context(dir, first, 3), 0));
        assertEquals(List.of(0, 4, 8), first.loads);
        Path saved = dir.resolve("top-activations.txt");
        assertTrue(Files.isRegularFile(saved));
        assertEquals("12", Files.readAllLines(saved).get(1), "inputs done when the run stopped");

        Counted second = inputs();
        Map<Integer, List<TopActivations.Hit>> resumed = TopActivations.mine(network, second, "conv2", channels, 3, 4,
                context(dir, second, Integer.MAX_VALUE), 0);
        assertEquals(List.of(12, 16), second.loads, "only the inputs after the checkpoint");
        assertEquals(expected, resumed);
        assertFalse(Files.exists(saved), "the checkpoint is removed once the pass is complete");
    }

    @Test
    void aCheckpointOfOtherWorkIsNotUsed() throws Exception {
        Counted first = inputs();
        assertThrows(ZfnetException.class, () -> TopActivations.mine(network, first, "conv2", channels, 3, 4,
                context(dir, first, 2), 0));
        Counted other = inputs();
        Map<Integer, List<TopActivations.Hit>> twoEach = TopActivations.mine(network, other, "conv2", channels, 2, 4,
                context(dir, other, Integer.MAX_VALUE), 0);
        assertEquals(List.of(0, 4, 8, 12, 16), other.loads, "k differs: mined from the start");
        twoEach.values().forEach(hits -> assertTrue(hits.size() <= 2));

        Files.writeString(dir.resolve("top-activations.txt"), "damaged");
        Counted again = inputs();
        TopActivations.mine(network, again, "conv2", channels, 3, 4, context(dir, again, Integer.MAX_VALUE), 0);
        assertEquals(List.of(0, 4, 8, 12, 16), again.loads, "a damaged checkpoint counts as none");
    }
}

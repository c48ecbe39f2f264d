package org.zfnet.plugin.occlusion.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;

/** Occludes one input at every grid position in the chosen mode: the work of one input, wherever it runs. */
final class ImageOcclusion {

    /** Activations of one batch stay under this (the batch shrinks for large inputs). */
    static final long MEMORY_BUDGET = 512L << 20;

    private ImageOcclusion() {
    }

    /**
     * Input {@code i} of {@code inputs} occluded as {@code settings} say, calling the context's {@code checkCancelled}
     * once per batch of positions, and advancing its progress by one unit per grid position ({@link
     * OcclusionWork#progressPerInput}; every mode steps once per position, the fast one for those it interpolates
     * too).
     */
    static Occluded run(Settings settings, InputSet inputs, int i, AnalysisContext context) {
        Runnable positionDone = () -> context.progress().advance(1);
        long start = System.nanoTime();
        Network network = context.network();
        Grid grid = settings.grid();
        try (INDArray image = inputs.load(i, i + 1); ForwardTrace trace = network.forward(image)) {
            requireFeatureMaps(settings.tap(), trace.tap(settings.tap()).shape());
            Unoccluded base = unoccluded(network, trace, settings.featureLayer(), settings.targetClass());
            int budgeted = (int) Math.max(1, Math.min(settings.batch(), MEMORY_BUDGET / base.bytesPerSample()));
            Setup setup = new Setup(network, image, grid, settings.fill(), base.target(), settings.featureLayer(),
                    base.channel(), budgeted, context::checkCancelled);
            Maps maps = Maps.of(grid.positions());
            int[] all = IntStream.range(0, grid.positions()).toArray();
            FastOcclusion.Estimate estimate = null;
            ExactOcclusion exact = ExactOcclusion.of(setup, trace);
            switch (settings.mode()) {
                case "naive" -> NaiveOcclusion.run(setup, all, maps, positionDone);
                case "fast" -> estimate = FastOcclusion.run(setup, exact, maps, positionDone);
                default -> exact.run(all, maps, positionDone);
            }
            return new Occluded(base.target(), base.probability(), base.channel(), maps, exact.macs(),
                    exact.naiveMacs(grid.positions()), exact.naiveBecause(), Optional.ofNullable(estimate),
                    inputs.annotation(i), (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Refuses a watched tap without feature maps (a fully connected layer's output), given the shape of its output;
     * checked before any square is placed.
     */
    static void requireFeatureMaps(String tap, long[] shape) {
        if (shape.length != 4) {
            throw new InvalidInputException("--layer " + tap + " has no feature maps to watch (its output is "
                    + Arrays.toString(shape) + "); choose a convolution, pooling or normalisation tap");
        }
    }

    /**
     * The unoccluded image: its target class and probability, the watched feature map (strongest maximum), and the
     * bytes all its activations take (what one more input costs a batch).
     */
    private record Unoccluded(int target, float probability, int channel, long bytesPerSample) {
    }

    private static Unoccluded unoccluded(Network network, ForwardTrace trace, int featureLayer, int requested) {
        INDArray prob = trace.output(network.spec().layers().size() - 1);
        int classes = (int) prob.size(1);
        int target = requested >= 0 ? requested : prob.argMax(1).getInt(0);
        if (target >= classes) {
            throw new InvalidInputException("class " + target + " does not exist (0 to " + (classes - 1) + ")");
        }
        INDArray act = trace.output(featureLayer);
        INDArray perChannel = act.rank() == 4 ? act.reshape(act.size(1), -1).max(1) : act.reshape(-1);
        int channel = perChannel.argMax().getInt(0);
        long bytes = 0;
        for (int i = 0; i < network.spec().layers().size(); i++) {
            bytes += 4 * trace.output(i).length();
        }
        return new Unoccluded(target, prob.getFloat(0, target), channel, bytes);
    }
}

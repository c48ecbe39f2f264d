package org.zfnet.plugin.stats.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetWork;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.Taps;

/**
 * Dataset forward statistics as a {@link DatasetWork}: for every channel of each tap, over all inputs and all
 * positions of its feature map ({@code [N, C, H, W]}, NCHW; a {@code [N, F]} tap has one position per feature), the
 * mean, the population standard deviation, the least and greatest value, the fraction of values above zero ("active")
 * and the mean over inputs of each input's greatest value. A shard runs the network forward to the deepest tap in
 * batches and keeps {@link TapStats} per tap; states merge by Chan et al.'s pairwise update and revisit no input.
 *
 * <p>What "equal under any sharding" means here: given the same activations, the numbers of inputs and values, the
 * extremes and the active counts are exact whatever the cut into shards and the order of merging; the means, standard
 * deviations and means of maxima are sums of float32 activations accumulated in double, equal to about 1e-12 relative
 * (tested to 1e-9), as double rounding depends on the order of the additions. The activations themselves may differ in
 * the last bit with the batch a backend computes them in (the CPU backend's fully connected layers do; its
 * convolutions did not in our tests), and so may the statistics of two runs with other {@code --batch} or shards.
 */
final class ActivationStatistics implements DatasetWork<StatsState> {

    private final String layers;
    private final int batch;

    /**
     * @param layers the {@code --layers} option: tap names separated by commas, or {@link Taps#AUTO} for every
     *               convolution
     * @param batch  inputs per forward pass within a shard
     */
    ActivationStatistics(String layers, int batch) {
        if (batch < 1) {
            throw new InvalidInputException("--batch must be at least 1, got " + batch);
        }
        this.layers = layers;
        this.batch = batch;
    }

    /** The taps of the {@code --layers} option on {@code network}, checked: by default every convolution. */
    List<String> taps(Network network) {
        return Taps.listed(network, "layers", layers, () -> {
            List<String> convolutions = Taps.convolutions(network);
            if (convolutions.isEmpty()) {
                throw new InvalidInputException("model " + network.spec().name() + " has no convolution; name the taps "
                        + "with --layers (zfnet model summary lists them)");
            }
            return convolutions;
        });
    }

    @Override
    public String task() {
        return "activation statistics (" + layers + ")";
    }

    @Override
    public String key() {
        return "stats layers " + layers;
    }

    @Override
    public StatsState shard(InputSet shard, AnalysisContext context) {
        if (shard.size() == 0) {
            return StatsState.EMPTY;
        }
        Network network = context.network();
        List<String> taps = taps(network);
        String deepest = taps.stream().max(java.util.Comparator.comparingInt(network::tapLayer)).orElseThrow();
        StatsState state = StatsState.EMPTY;
        for (int from = 0; from < shard.size(); from += batch) {
            context.checkCancelled();
            int to = Math.min(shard.size(), from + batch);
            Map<String, TapStats> stats = new LinkedHashMap<>();
            try (INDArray x = shard.load(from, to); ForwardTrace trace = network.forward(x, deepest)) {
                for (String tap : taps) {
                    INDArray out = trace.tap(tap);
                    long[] shape = out.shape();
                    if (shape.length < 2) {
                        throw new InvalidInputException("tap " + tap + " has shape " + java.util.Arrays.toString(shape)
                                + ": statistics need [N, C, ...] with channels");
                    }
                    long positions = out.length() / (shape[0] * shape[1]);
                    stats.put(tap, TapStats.of(HostArrays.floats(out), to - from, (int) shape[1], (int) positions));
                }
            }
            state = state.merge(new StatsState(stats));
        }
        return state;
    }

    @Override
    public StatsState merge(StatsState a, StatsState b) {
        return a.merge(b);
    }

    @Override
    public AnalysisResult finish(StatsState merged, AnalysisContext context) {
        if (merged.taps().isEmpty()) {
            throw new InvalidInputException(task() + " needs at least one input");
        }
        return StatsReport.of(merged);
    }

    @Override
    public byte[] write(StatsState state) {
        return state.write();
    }

    @Override
    public StatsState read(byte[] bytes) {
        return StatsState.read(bytes);
    }
}

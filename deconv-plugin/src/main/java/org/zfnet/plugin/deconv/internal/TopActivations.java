package org.zfnet.plugin.deconv.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.Progress;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;

/**
 * The strongest activations of feature maps over a dataset (paper Fig. 2): one streaming pass in batches keeps,
 * per channel, the {@code k} largest maxima, at most one per input. Memory holds one batch and the heaps.
 */
final class TopActivations {

    /** Input {@code input}'s largest activation of {@code channel} is {@code value}, at {@code (y, x)}. */
    record Hit(int input, int channel, float value, int y, int x) {
    }

    private static final Comparator<Hit> WEAKEST_FIRST =
            Comparator.comparingDouble(Hit::value).thenComparing(Comparator.comparingInt(Hit::input).reversed());

    private TopActivations() {
    }

    /** How often the pass saves a checkpoint where the context keeps them. */
    static final long SAVE_EVERY_NANOS = 10_000_000_000L;

    /**
     * Per channel, its hits from strongest to weakest. Inputs where a channel never fires are left out. Where the
     * context keeps checkpoints, the pass saves its state every {@link #SAVE_EVERY_NANOS} and resumes from a saved
     * state of the same work.
     */
    static Map<Integer, List<Hit>> mine(Network network, InputSet inputs, String tap, List<Integer> channels, int k,
            int batch, AnalysisContext context) {
        return mine(network, inputs, tap, channels, k, batch, context, SAVE_EVERY_NANOS);
    }

    static Map<Integer, List<Hit>> mine(Network network, InputSet inputs, String tap, List<Integer> channels, int k,
            int batch, AnalysisContext context, long saveEveryNanos) {
        Map<Integer, PriorityQueue<Hit>> heaps = new LinkedHashMap<>();
        channels.forEach(c -> heaps.put(c, new PriorityQueue<>(WEAKEST_FIRST)));
        Optional<MiningCheckpoint> checkpoint = context.checkpoints()
                .map(dir -> MiningCheckpoint.of(dir, work(network, inputs, tap, channels, k, batch)));
        int start = 0;
        Optional<MiningCheckpoint.State> saved = checkpoint.flatMap(MiningCheckpoint::load);
        if (saved.isPresent()) {
            start = saved.get().done();
            saved.get().hits().stream().filter(h -> heaps.containsKey(h.channel())).forEach(h -> heaps.get(h.channel()).add(h));
        }
        Progress progress = context.progress();
        progress.start("mining " + tap + (start > 0 ? " (resumed after input " + start + " of " + inputs.size() + ")"
                : ""), inputs.size() - start);
        long lastSave = System.nanoTime();
        for (int from = start; from < inputs.size(); from += batch) {
            context.checkCancelled();
            int to = Math.min(inputs.size(), from + batch);
            try (INDArray x = inputs.load(from, to); ForwardTrace trace = network.forward(x, tap)) {
                INDArray act = trace.tap(tap);
                long[] s = act.shape();
                int c = (int) s[1];
                int plane = (int) (s[2] * s[3]);
                float[] data = HostArrays.floats(act);
                for (int n = 0; n < to - from; n++) {
                    for (int channel : channels) {
                        if (channel >= c) {
                            throw new InvalidInputException("channel " + channel + " does not exist at tap " + tap
                                    + " (0 to " + (c - 1) + ")");
                        }
                        int base = (n * c + channel) * plane;
                        int best = 0;
                        for (int i = 1; i < plane; i++) {
                            if (data[base + i] > data[base + best]) {
                                best = i;
                            }
                        }
                        float value = data[base + best];
                        if (value <= 0) {
                            continue;
                        }
                        PriorityQueue<Hit> heap = heaps.get(channel);
                        Hit hit = new Hit(from + n, channel, value, best / (int) s[3], best % (int) s[3]);
                        if (heap.size() < k) {
                            heap.add(hit);
                        } else if (WEAKEST_FIRST.compare(hit, heap.peek()) > 0) {
                            heap.poll();
                            heap.add(hit);
                        }
                    }
                }
            }
            progress.advance(to - from);
            if (checkpoint.isPresent() && to < inputs.size() && System.nanoTime() - lastSave >= saveEveryNanos) {
                List<Hit> kept = new ArrayList<>();
                heaps.values().forEach(kept::addAll);
                checkpoint.get().save(to, kept);
                lastSave = System.nanoTime();
            }
        }
        checkpoint.ifPresent(MiningCheckpoint::delete);
        Map<Integer, List<Hit>> result = new LinkedHashMap<>();
        heaps.forEach((channel, heap) -> {
            List<Hit> hits = new ArrayList<>(heap);
            hits.sort(WEAKEST_FIRST.reversed());
            result.put(channel, hits);
        });
        return result;
    }

    /** What a checkpoint must match to be resumed: the same tap, channels, k, batches, weights and inputs. */
    private static String work(Network network, InputSet inputs, String tap, List<Integer> channels, int k, int batch) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            names.add(inputs.name(i));
        }
        return "tap " + tap + " channels " + channels + " k " + k + " batch " + batch + " model "
                + network.spec().name() + " weights " + network.weightsSource() + " inputs " + inputs.size() + " "
                + Integer.toHexString(String.join("\n", names).hashCode());
    }
}

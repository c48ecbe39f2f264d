package org.zfnet.api.analysis;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An analysis that streams over a dataset, written once as <em>shard &rarr; partial state &rarr; merge &rarr;
 * finish</em>, so that the same algorithm runs on one machine over batches ({@link DatasetRun#local}) and on a
 * cluster over partitions (the Spark application): each shard of inputs gives a partial state, partial states merge,
 * and the merged state finishes into the usual {@link AnalysisResult}. States travel between machines as bytes
 * ({@link #write}, {@link #read}).
 *
 * <p>An analysis whose result needs some inputs seen again (the deconvnet's top-k mining projects each final hit in
 * pixel space) names them in {@link #revisit}: each shard then gives {@link #details} for the revisited inputs it
 * holds, where the images are, and those states merge into the merged one before {@link #finish}.
 *
 * <p>The contract every implementation keeps, which the runners rely on:
 * <ul>
 * <li>{@link #merge} is associative and commutative, and equal inputs give equal states however the dataset was cut
 * into shards and in whatever order the shards ran: the result of a cluster equals that of one machine;</li>
 * <li>inputs are identified by their {@link InputSet#name names}, which are unique over the dataset (a shard's
 * inputs are numbered from 0 within it);</li>
 * <li>{@code read(write(s))} equals {@code s}; states hold no arrays that need closing.</li>
 * </ul>
 *
 * <p>A plugin offers its work for a request through {@link AnalysisPlugin#datasetWork}.
 *
 * @param <S> the partial state
 */
@ConsumerType
public interface DatasetWork<S> {

    /** What the pass does, for progress lines, e.g. {@code mining conv5}. */
    String task();

    /**
     * What a saved state must match to be resumed: everything of the request that changes the state (e.g. the tap,
     * the channels and k). The runners add the model, its weights and the inputs.
     */
    String key();

    /**
     * Units of progress per input, for a work whose every input is long (occlusion: one unit per square position), so
     * that a run over a few inputs still shows its progress: such a work advances {@code context.progress()} by
     * exactly this much per input in {@link #shard}, and the runners count no inputs themselves (a runner starts a
     * progress task before it calls {@link #shard}, as {@link DatasetRun#local} does for the whole run). 0, the
     * default: the runners count inputs, and {@link #shard} reports no progress.
     */
    default long progressPerInput(AnalysisContext context) {
        return 0;
    }

    /**
     * The partial state of one shard of the dataset, computed on the context's network. Long shards call {@link
     * AnalysisContext#checkCancelled()} as any analysis does; the runners hand over shards of a batch or a partition.
     */
    S shard(InputSet shard, AnalysisContext context);

    /** The state of the union of two disjoint sets of inputs; may reuse its arguments, which the caller drops. */
    S merge(S a, S b);

    /** The names of the inputs whose {@link #details} {@link #finish} needs, given the merged state; none by default. */
    default Set<String> revisit(S merged) {
        return Set.of();
    }

    /**
     * The details of the revisited inputs a shard holds ({@code revisited}, a subset of those {@link #revisit} named),
     * as a state that {@link #merge}s into {@code merged}. Called only when {@link #revisit} names inputs.
     */
    default S details(S merged, InputSet revisited, AnalysisContext context) {
        throw new UnsupportedOperationException(task() + " revisits no inputs");
    }

    /** The result of the whole dataset from its merged state, details included. */
    AnalysisResult finish(S merged, AnalysisContext context);

    /** The state as bytes, to send or to save. */
    byte[] write(S state);

    /** The state that {@link #write} wrote; throws {@link IllegalArgumentException} on bytes it did not write. */
    S read(byte[] bytes);
}

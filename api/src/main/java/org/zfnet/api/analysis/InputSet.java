package org.zfnet.api.analysis;

import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.osgi.annotation.versioning.ProviderType;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ObjectAnnotation;

/**
 * The inputs of an analysis, loaded on demand so that a folder of any size can be streamed in batches.
 * Inputs are preprocessed for the network ({@code [n, C, H, W]} float32).
 */
@ProviderType
public interface InputSet {

    int size();

    /** A name for reports, e.g. the file name. */
    String name(int index);

    /** Inputs {@code from} (inclusive) to {@code to} (exclusive) as one batch; the caller closes it. */
    INDArray load(int from, int to);

    /** The input's ground truth, when it comes from an annotated (procedural) dataset. */
    default Optional<ObjectAnnotation> annotation(int index) {
        return Optional.empty();
    }

    /** Inputs held in memory, e.g. in tests: {@code batch} is {@code [N, C, H, W]}, one name per input. */
    static InputSet of(INDArray batch, List<String> names) {
        if (batch.rank() != 4 || batch.size(0) != names.size()) {
            throw new InvalidInputException("a batch of " + (batch.rank() == 4 ? batch.size(0) : "?")
                    + " inputs with " + names.size() + " names");
        }
        List<String> copy = List.copyOf(names);
        return new InputSet() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public String name(int index) {
                return copy.get(index);
            }

            @Override
            public INDArray load(int from, int to) {
                return batch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)).dup('c');
            }
        };
    }
}

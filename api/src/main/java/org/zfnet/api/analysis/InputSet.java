package org.zfnet.api.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /**
     * Inputs {@code from} (inclusive) to {@code to} (exclusive) as an input set of their own, numbered from 0, with
     * their names and annotations: a shard of a {@link DatasetWork}.
     */
    default InputSet slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("inputs " + from + " to " + to + " of " + size());
        }
        return select(java.util.stream.IntStream.range(from, to).boxed().toList());
    }

    /**
     * The inputs at {@code indices}, in that order, as an input set of their own, numbered from 0, with their names
     * and annotations; runs of consecutive indices load as one batch.
     */
    default InputSet select(List<Integer> indices) {
        InputSet all = this;
        List<Integer> chosen = List.copyOf(indices);
        for (int index : chosen) {
            if (index < 0 || index >= all.size()) {
                throw new IndexOutOfBoundsException("input " + index + " of " + all.size());
            }
        }
        return new InputSet() {
            @Override
            public int size() {
                return chosen.size();
            }

            @Override
            public String name(int index) {
                return all.name(chosen.get(index));
            }

            @Override
            public Optional<ObjectAnnotation> annotation(int index) {
                return all.annotation(chosen.get(index));
            }

            @Override
            public INDArray load(int from, int to) {
                java.util.List<INDArray> runs = new java.util.ArrayList<>();
                int start = from;
                for (int i = from + 1; i <= to; i++) {
                    if (i == to || chosen.get(i) != chosen.get(i - 1) + 1) {
                        runs.add(all.load(chosen.get(start), chosen.get(i - 1) + 1));
                        start = i;
                    }
                }
                if (runs.size() == 1) {
                    return runs.get(0);
                }
                INDArray joined = org.nd4j.linalg.factory.Nd4j.concat(0, runs.toArray(INDArray[]::new));
                runs.forEach(INDArray::close);
                return joined;
            }
        };
    }

    /**
     * The same inputs with repeated names told apart, as a {@link DatasetWork} needs them: the command line may name
     * two inputs alike (a file given twice, files of one name in two folders), and the repeats then become {@code a.png
     * (2)}, {@code a.png (3)}, ... in input order (the next number free where a name like that is taken). This set
     * itself when its names are distinct.
     */
    default InputSet distinctlyNamed() {
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < size(); i++) {
            taken.add(name(i));
        }
        if (taken.size() == size()) {
            return this;
        }
        Set<String> given = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            String name = name(i);
            if (!given.add(name)) {
                int k = 2;
                while (taken.contains(name + " (" + k + ")")) {
                    k++;
                }
                name = name + " (" + k + ")";
                taken.add(name);
                given.add(name);
            }
            names.add(name);
        }
        return named(names);
    }

    /**
     * The same inputs, with their annotations, under other names, one per input: e.g. a shard's files named as the
     * dataset names them.
     */
    default InputSet named(List<String> names) {
        if (names.size() != size()) {
            throw new IllegalArgumentException(names.size() + " names for " + size() + " inputs");
        }
        InputSet all = this;
        List<String> given = List.copyOf(names);
        return new InputSet() {
            @Override
            public int size() {
                return given.size();
            }

            @Override
            public String name(int index) {
                return given.get(index);
            }

            @Override
            public INDArray load(int from, int to) {
                return all.load(from, to);
            }

            @Override
            public Optional<ObjectAnnotation> annotation(int index) {
                return all.annotation(index);
            }
        };
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

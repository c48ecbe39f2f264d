package org.zfnet.model.internal.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;

/**
 * {@code concat}: two or more inputs joined along the channel axis (feature maps of one height and width, or
 * features). Backward, and every projection rule, gives each input its own channels of the signal.
 */
public final class Concat implements Pointwise {

    @Override
    public String type() {
        return "concat";
    }

    @Override
    public Set<String> fields() {
        return Set.of();
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        long[] first = inputs.get(0);
        long channels = 0;
        for (long[] in : inputs) {
            if (in.length != first.length || !Arrays.equals(Arrays.copyOfRange(in, 1, in.length),
                    Arrays.copyOfRange(first, 1, first.length))) {
                throw new InvalidInputException(where + ": joins inputs whose shapes differ beyond the channels, "
                        + String.join(" and ", inputs.stream().map(Arrays::toString).toList()) + " (inputs "
                        + layer.inputs() + ")");
            }
            channels += in[0];
        }
        long[] out = first.clone();
        out[0] = channels;
        return out;
    }

    @Override
    public INDArray forward(LayerCall call) {
        return Nd4j.concat(1, call.inputs().toArray(INDArray[]::new)).dup('c');
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        List<INDArray> grads = new ArrayList<>();
        long from = 0;
        for (int i = 0; i < call.inputs().size(); i++) {
            long channels = call.inputs().get(i).size(1);
            grads.add(needed[i] ? gradient.get(channelRange(gradient.rank(), from, from + channels)).dup('c') : null);
            from += channels;
        }
        return grads;
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex[] channelRange(int rank, long from, long to) {
        org.nd4j.linalg.indexing.INDArrayIndex[] index = new org.nd4j.linalg.indexing.INDArrayIndex[rank];
        Arrays.fill(index, NDArrayIndex.all());
        index[1] = NDArrayIndex.interval(from, to);
        return index;
    }
}

package org.zfnet.model.internal.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.Region;

/** {@code softmax}: class probabilities from the scores {@code [N, K]}. */
public final class Softmax implements LayerType {

    @Override
    public String type() {
        return "softmax";
    }

    @Override
    public Set<String> fields() {
        return Set.of();
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        long[] in = Specs.only(inputs);
        if (in.length != 1) {
            throw new InvalidInputException(where + ": softmax needs features [K], got " + Arrays.toString(in)
                    + "; put a linear layer before it");
        }
        return in;
    }

    @Override
    public INDArray forward(LayerCall call) {
        return call.backend().softmax(call.input());
    }

    @Override
    public boolean dense() {
        return true;
    }

    /** {@code dx_i = y_i (g_i - sum_j g_j y_j)} per row. */
    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        float[] y = HostArrays.floats(output);
        float[] g = HostArrays.floats(gradient);
        int k = (int) output.size(1);
        float[] dx = new float[y.length];
        for (int r = 0; r < y.length / k; r++) {
            double dot = 0;
            for (int c = 0; c < k; c++) {
                dot += (double) g[r * k + c] * y[r * k + c];
            }
            for (int c = 0; c < k; c++) {
                dx[r * k + c] = (float) (y[r * k + c] * (g[r * k + c] - dot));
            }
        }
        return List.of(HostArrays.floats(dx, output.size(0), k));
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        throw new IllegalStateException("softmax has no window geometry");
    }
}

package org.zfnet.model.internal;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.model.internal.layers.BatchNorm;
import org.zfnet.model.internal.layers.Conv;

/**
 * Batch normalisation folded into the convolution before it, where that is exact: the convolution's output feeds the
 * normalisation and nothing else. With {@code s = weight / sqrt(running_var + eps)} per output channel, the folded
 * filters are {@code W s} and the folded bias {@code (b - running_mean) s + bias}: one convolution gives the
 * normalisation's output (inference mode). The convolution's own output, a tap that analyses may read, is computed
 * from its input only when something asks for it ({@link Trace}).
 */
final class BatchNormFolding {

    /** The convolution {@code conv} and the normalisation {@code norm} after it, as one convolution. */
    record Fold(int conv, int norm, INDArray weight, INDArray bias) {
    }

    private BatchNormFolding() {
    }

    /** The folds of a network, by the index of their normalisation layer. */
    static Map<Integer, Fold> of(CompiledSpec compiled, Map<String, INDArray> parameters) {
        Map<Integer, Fold> folds = new HashMap<>();
        for (int norm = 0; norm < compiled.types.size(); norm++) {
            int[] from = compiled.inputs.get(norm);
            int conv = from[0];
            if (compiled.type(norm) instanceof BatchNorm && from.length == 1 && conv >= 0
                    && compiled.type(conv) instanceof Conv && compiled.consumers[conv] == 1) {
                folds.put(norm, fold(conv, norm, compiled, parameters));
            }
        }
        return folds;
    }

    private static Fold fold(int conv, int norm, CompiledSpec compiled, Map<String, INDArray> parameters) {
        String c = compiled.spec.layers().get(conv).name() + ".";
        LayerSpec n = compiled.spec.layers().get(norm);
        float[] w = HostArrays.floats(parameters.get(c + "weight"));
        INDArray convBias = parameters.get(c + "bias");
        float[] b = convBias == null ? null : HostArrays.floats(convBias);
        float[] gamma = HostArrays.floats(parameters.get(n.name() + ".weight"));
        float[] beta = HostArrays.floats(parameters.get(n.name() + ".bias"));
        float[] mean = HostArrays.floats(parameters.get(n.name() + ".running_mean"));
        float[] var = HostArrays.floats(parameters.get(n.name() + ".running_var"));
        double eps = n.eps() == null ? BatchNorm.DEFAULT_EPS : n.eps();
        int out = gamma.length;
        int per = w.length / out;
        float[] folded = new float[w.length];
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            double s = gamma[o] / Math.sqrt(var[o] + eps);
            for (int i = 0; i < per; i++) {
                folded[o * per + i] = (float) (w[o * per + i] * s);
            }
            bias[o] = (float) (((b == null ? 0 : b[o]) - mean[o]) * s + beta[o]);
        }
        return new Fold(conv, norm, HostArrays.floats(folded, parameters.get(c + "weight").shape()),
                HostArrays.floats(bias, out));
    }
}

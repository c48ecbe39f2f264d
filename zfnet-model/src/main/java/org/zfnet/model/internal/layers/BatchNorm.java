package org.zfnet.model.internal.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;

/**
 * {@code batchnorm}: batch normalisation in inference mode, PyTorch's {@code BatchNorm2d} in {@code eval()}: per
 * channel {@code (x - running_mean) / sqrt(running_var + eps) * weight + bias}, with PyTorch's parameter names. The
 * statistics are constants, so backward and every projection rule scale the signal by
 * {@code weight / sqrt(running_var + eps)}. Training mode (batch statistics) is not supported: {@link #trainable()}.
 */
public final class BatchNorm implements Pointwise {

    /** PyTorch's default. */
    public static final double DEFAULT_EPS = 1e-5;

    @Override
    public String type() {
        return "batchnorm";
    }

    @Override
    public Set<String> fields() {
        return Set.of("eps");
    }

    @Override
    public boolean hasParameters() {
        return true;
    }

    @Override
    public boolean trainable() {
        return false;
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        if (layer.eps() != null && !(layer.eps() > 0)) {
            throw new InvalidInputException(where + ": 'eps' must be positive, got " + layer.eps());
        }
        return Specs.spatial(Specs.only(inputs), where);
    }

    @Override
    public Map<String, long[]> parameters(LayerSpec layer, List<long[]> inputs) {
        long[] channels = {Specs.only(inputs)[0]};
        Map<String, long[]> p = new LinkedHashMap<>();
        for (String suffix : List.of("weight", "bias", "running_mean", "running_var")) {
            p.put(suffix, channels);
        }
        return p;
    }

    @Override
    public long macs(LayerSpec layer, List<long[]> inputs, long[] output, String where) {
        return Specs.product(where, "the multiply-add count", output);
    }

    static double eps(LayerSpec layer) {
        return layer.eps() == null ? DEFAULT_EPS : layer.eps();
    }

    @Override
    public INDArray forward(LayerCall call) {
        return call.backend().batchNorm(call.input(), call.parameter("running_mean"), call.parameter("running_var"),
                call.parameter("weight"), call.parameter("bias"), eps(call.layer()));
    }

    @Override
    public boolean ownsOutput() {
        return true;
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        return List.of(call.backend().batchNormBackward(gradient, call.parameter("running_var"),
                call.parameter("weight"), eps(call.layer())));
    }
}

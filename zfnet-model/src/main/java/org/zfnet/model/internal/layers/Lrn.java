package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;

/**
 * {@code lrn}: local response normalisation across channels as PyTorch's {@code LocalResponseNorm}. Training takes
 * its gradient; the projection rules pass the signal unchanged, as Zeiler and Fergus's deconvnet does, unless the
 * walk asks for the true gradient ({@code --lrn gradient}).
 */
public final class Lrn implements Pointwise {

    @Override
    public String type() {
        return "lrn";
    }

    @Override
    public Set<String> fields() {
        return Set.of("size", "alpha", "beta", "k");
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        long[] in = Specs.spatial(Specs.only(inputs), where);
        Specs.positive(layer.size(), "size", where);
        for (String f : List.of("alpha", "beta", "k")) {
            Double v = f.equals("alpha") ? layer.alpha() : f.equals("beta") ? layer.beta() : layer.k();
            if (v == null || !(v >= 0)) {
                throw new InvalidInputException(where + ": '" + f + "' must be a number >= 0, got " + v);
            }
        }
        return in;
    }

    public static LrnSpec spec(LayerSpec layer) {
        return new LrnSpec(layer.size(), layer.alpha(), layer.beta(), layer.k());
    }

    @Override
    public INDArray forward(LayerCall call) {
        return call.backend().lrn(call.input(), spec(call.layer()));
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        return List.of(call.backend().lrnBackward(call.input(), gradient, spec(call.layer())));
    }

    @Override
    public List<INDArray> project(LayerCall call, INDArray output, INDArray signal, ProjectionRule rule, boolean lrnGradient,
            boolean[] needed) {
        return List.of(lrnGradient ? call.backend().lrnBackward(call.input(), signal, spec(call.layer())) : signal);
    }
}

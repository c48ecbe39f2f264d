package org.zfnet.model.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;

/**
 * A feed-forward network as its spec lists it, every layer computed by the {@link ComputeBackend}.
 * Inference only: dropout is the identity. Linear layers flatten their input in C, H, W order.
 */
public final class SequentialNetwork implements Network {

    private final CompiledSpec compiled;
    private final Map<String, INDArray> parameters;
    private final ComputeBackend backend;
    private final String weightsSource;

    /**
     * @param parameters by PyTorch name, already checked against the spec ({@link Weights#check})
     */
    SequentialNetwork(CompiledSpec compiled, Map<String, INDArray> parameters, ComputeBackend backend,
            String weightsSource) {
        this.compiled = compiled;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.backend = backend;
        this.weightsSource = weightsSource;
    }

    CompiledSpec compiled() {
        return compiled;
    }

    @Override
    public ModelSpec spec() {
        return compiled.spec;
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    @Override
    public List<String> taps() {
        return List.copyOf(compiled.taps.keySet());
    }

    @Override
    public int tapLayer(String tap) {
        Integer index = compiled.taps.get(tap);
        if (index == null) {
            throw new InvalidInputException("unknown tap '" + tap + "' (model " + spec().name() + " has "
                    + String.join(" ", compiled.taps.keySet()) + ")");
        }
        return index;
    }

    @Override
    public Map<String, INDArray> parameters() {
        return parameters;
    }

    @Override
    public String weightsSource() {
        return weightsSource;
    }

    /** Layers whose output a forward pass allocates itself. */
    private static final java.util.Set<String> OWN_OUTPUT = java.util.Set.of("conv", "linear");

    @Override
    public ForwardTrace forward(INDArray input) {
        return forward(input, spec().layers().size() - 1, false);
    }

    @Override
    public ForwardTrace forward(INDArray input, String tap) {
        return forward(input, tapLayer(tap), false);
    }

    @Override
    public ForwardTrace forward(INDArray input, String tap, boolean switches) {
        return forward(input, tapLayer(tap), switches);
    }

    private ForwardTrace forward(INDArray input, int last, boolean switches) {
        checkInput(input);
        Trace trace = new Trace(this, input);
        try {
            INDArray x = input;
            List<LayerSpec> layers = spec().layers();
            for (int i = 0; i <= last; i++) {
                LayerSpec layer = layers.get(i);
                INDArray y = switch (layer.type()) {
                    case "conv" -> backend.conv2d(x, parameters.get(layer.name() + ".weight"),
                            parameters.get(layer.name() + ".bias"), ConvGeometry.of(layer));
                    // a convolution's or dense layer's output is the pass's own and only feeds its ReLU: rectify
                    // it in place (the mask any backward rule needs is the same before and after)
                    case "relu" -> i > 0 && OWN_OUTPUT.contains(layers.get(i - 1).type()) ? backend.reluInPlace(x)
                            : backend.relu(x);
                    // without switches they are found only if someone asks (ForwardTrace.pooling)
                    case "maxpool" -> switches ? trace.pooled(i, backend.maxPool(x, poolGeometry(layer)))
                            : backend.maxPoolValues(x, poolGeometry(layer));
                    case "lrn" -> backend.lrn(x, lrnSpec(layer));
                    case "dropout" -> x;
                    case "linear" -> backend.linear(x.rank() == 2 ? x : x.reshape('c', x.size(0), -1),
                            parameters.get(layer.name() + ".weight"), parameters.get(layer.name() + ".bias"));
                    case "softmax" -> backend.softmax(x);
                    default -> throw new IllegalStateException("unchecked layer type " + layer.type());
                };
                trace.add(y);
                x = y;
            }
            return trace;
        } catch (RuntimeException e) {
            trace.close();
            throw e;
        }
    }

    private void checkInput(INDArray input) {
        long[] expected = compiled.spec.input().stream().mapToLong(Integer::longValue).toArray();
        if (input == null || input.rank() != 4 || input.dataType() != DataType.FLOAT
                || !Arrays.equals(Arrays.copyOfRange(input.shape(), 1, 4), expected)) {
            throw new InvalidInputException("model " + spec().name() + " takes float32 [N, " + expected[0] + ", "
                    + expected[1] + ", " + expected[2] + "], got "
                    + (input == null ? "nothing" : input.dataType() + " " + Arrays.toString(input.shape())));
        }
    }

    static PoolGeometry poolGeometry(LayerSpec layer) {
        return new PoolGeometry(layer.kernel(), layer.stride(), Boolean.TRUE.equals(layer.ceil()));
    }

    static LrnSpec lrnSpec(LayerSpec layer) {
        return new LrnSpec(layer.size(), layer.alpha(), layer.beta(), layer.k());
    }
}

package org.zfnet.model.internal;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.PartialForward;
import org.zfnet.api.model.Region;
import org.zfnet.model.internal.layers.Cropped;
import org.zfnet.model.internal.layers.LayerCall;

/** {@link PartialForward} of a {@link GraphNetwork}: its compiled graph, and each layer type's crop form. */
final class GraphPartialForward implements PartialForward {

    private final CompiledSpec compiled;
    private final Map<String, INDArray> parameters;
    private final ComputeBackend backend;

    GraphPartialForward(CompiledSpec compiled, Map<String, INDArray> parameters, ComputeBackend backend) {
        this.compiled = compiled;
        this.parameters = parameters;
        this.backend = backend;
    }

    @Override
    public int layers() {
        return compiled.types.size();
    }

    @Override
    public int[] inputs(int layer) {
        return compiled.inputs.get(check(layer)).clone();
    }

    @Override
    public boolean dense(int layer) {
        return compiled.type(check(layer)).dense();
    }

    @Override
    public Region inputRegion(int layer, int input, Region output) {
        return compiled.type(check(layer)).inputBox(compiled.spec.layers().get(layer), input, output);
    }

    @Override
    public OptionalDouble cropBorder(int layer) {
        return compiled.type(check(layer)).cropped(compiled.spec.layers().get(layer))
                .map(c -> OptionalDouble.of(c.border())).orElse(OptionalDouble.empty());
    }

    @Override
    public INDArray forwardCrops(int layer, List<INDArray> crops, boolean overwrite) {
        LayerSpec spec = compiled.spec.layers().get(check(layer));
        Cropped cropped = compiled.type(layer).cropped(spec).orElseThrow(() -> new InvalidInputException(
                CompiledSpec.where(layer, spec) + " cannot be computed from crops of its inputs"));
        return compiled.type(layer).forward(new Call(cropped.layer(), crops, overwrite));
    }

    @Override
    public INDArray forwardLayer(int layer, List<INDArray> inputs, boolean overwrite) {
        return compiled.type(check(layer)).forward(new Call(compiled.spec.layers().get(layer), inputs, overwrite));
    }

    @Override
    public long macs(int layer) {
        return compiled.summary.get(check(layer)).macs();
    }

    private int check(int layer) {
        if (layer < 0 || layer >= layers()) {
            throw new InvalidInputException("layer " + layer + " does not exist (the network has " + layers()
                    + " layers)");
        }
        return layer;
    }

    /** A layer on inputs or crops, in inference: nothing kept, no switches, the first input writable if allowed. */
    private final class Call implements LayerCall {
        private final LayerSpec layer;
        private final List<INDArray> inputs;
        private final boolean overwrite;

        Call(LayerSpec layer, List<INDArray> inputs, boolean overwrite) {
            this.layer = layer;
            this.inputs = inputs;
            this.overwrite = overwrite;
        }

        @Override
        public ComputeBackend backend() {
            return backend;
        }

        @Override
        public LayerSpec layer() {
            return layer;
        }

        @Override
        public INDArray parameter(String suffix) {
            return parameters.get(layer.name() + "." + suffix);
        }

        @Override
        public List<INDArray> inputs() {
            return inputs;
        }

        @Override
        public boolean training() {
            return false;
        }

        @Override
        public long seed() {
            return 0;
        }

        @Override
        public boolean ownsInput() {
            return overwrite;
        }

        @Override
        public boolean switchesWanted() {
            return false;
        }

        @Override
        public void keep(INDArray state) {
            throw new IllegalStateException(layer.name() + ": a partial inference pass keeps nothing");
        }

        @Override
        public INDArray kept() {
            return null;
        }
    }
}

package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.backend.Pooled;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.Region;

/**
 * {@code maxpool}: square max pooling, floor or ceil mode, with switches (where each maximum came from, the first on
 * ties). Backward and every projection rule unpool with the switches: values sharing a switch are summed (Zeiler and
 * Fergus's unpooling is the gradient of max pooling).
 */
public final class MaxPool implements LayerType {

    @Override
    public String type() {
        return "maxpool";
    }

    @Override
    public Set<String> fields() {
        return Set.of("kernel", "stride", "ceil");
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        long[] in = Specs.spatial(Specs.only(inputs), where);
        Specs.positive(layer.kernel(), "kernel", where);
        Specs.positive(layer.stride(), "stride", where);
        PoolGeometry g = geometry(layer);
        return new long[] {in[0], pooled(g, in[1], where), pooled(g, in[2], where)};
    }

    private static int pooled(PoolGeometry g, long in, String where) {
        if (in < g.kernel()) {
            throw new InvalidInputException(where + ": pooling window " + g.kernel() + " is larger than input " + in);
        }
        return g.outputSize((int) in);
    }

    public static PoolGeometry geometry(LayerSpec layer) {
        return new PoolGeometry(layer.kernel(), layer.stride(), Boolean.TRUE.equals(layer.ceil()));
    }

    /** The values alone unless switches are wanted now (finding them costs more than the maxima). */
    @Override
    public INDArray forward(LayerCall call) {
        if (!call.switchesWanted()) {
            return call.backend().maxPoolValues(call.input(), geometry(call.layer()));
        }
        Pooled pooled = call.backend().maxPool(call.input(), geometry(call.layer()));
        call.keep(pooled.switches());
        return pooled.output();
    }

    /** The switches kept by the forward pass, or found now from the layer's input (and kept). */
    public static INDArray switches(LayerCall call) {
        INDArray kept = call.kept();
        if (kept != null) {
            return kept;
        }
        Pooled found = call.backend().maxPool(call.input(), geometry(call.layer()));
        found.output().close();
        call.keep(found.switches());
        return found.switches();
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        INDArray input = call.input();
        return List.of(call.backend().unpool(gradient, switches(call), (int) input.size(2), (int) input.size(3)));
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        return box.through(layer.kernel(), layer.stride(), 1, 0, 0);
    }

    /**
     * Without padding, its crop's border holding minus infinity where the padding or a last, partial window (ceil
     * mode) reaches past the input: a crop holds whole windows only, so floor and ceil mode agree on it.
     */
    @Override
    public Optional<Cropped> cropped(LayerSpec layer) {
        return Optional.of(new Cropped(layer.withWindow(layer.kernel(), layer.stride(), null, null),
                Float.NEGATIVE_INFINITY));
    }
}

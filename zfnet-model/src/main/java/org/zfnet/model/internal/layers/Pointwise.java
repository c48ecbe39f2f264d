package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Region;

/**
 * A layer whose output at a position depends on its inputs at that position alone (rectifiers, LRN across channels,
 * batch normalisation, dropout, joins): an output region reads the same region of each input, a window of the signal
 * walks back through the layer's own projection on the window, and the layer runs on crops of its inputs as it is.
 */
interface Pointwise extends LayerType {

    @Override
    default Region inputBox(LayerSpec layer, int input, Region box) {
        return box;
    }

    @Override
    default List<Window> projectWindow(LayerCall call, INDArray output, int[] samples, Window signal,
            ProjectionRule rule, boolean lrnGradient) {
        return Window.sameBox(this, call, output, samples, signal, rule, lrnGradient);
    }

    @Override
    default Optional<Cropped> cropped(LayerSpec layer) {
        return Optional.of(Cropped.pointwise(layer));
    }
}

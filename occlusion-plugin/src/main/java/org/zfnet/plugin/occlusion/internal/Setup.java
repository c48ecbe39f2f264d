package org.zfnet.plugin.occlusion.internal;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.Network;

/**
 * One occlusion experiment: the network, the unoccluded image {@code [1, C, H, W]}, the grid, the fill value,
 * the class whose probability is watched, the feature (layer output index and channel) whose total is watched, the
 * square positions per batch, and {@code checkCancelled}, which the methods call once per batch of positions (it
 * throws when the run was cancelled: {@code AnalysisContext::checkCancelled}).
 */
record Setup(Network network, INDArray image, Grid grid, float fill, int targetClass, int featureLayer,
        int featureChannel, int batch, Runnable checkCancelled) {

    Setup {
        List<LayerSpec> layers = network.spec().layers();
        if (!layers.get(layers.size() - 1).type().equals("softmax")) {
            throw new InvalidInputException("occlusion watches class probabilities; model " + network.spec().name()
                    + " does not end in a softmax");
        }
    }

    List<LayerSpec> layers() {
        return network.spec().layers();
    }

    int channels() {
        return (int) image.size(1);
    }

    /** The image with the square at grid position {@code p}, as a flat C, H, W array. */
    float[] occluded(float[] image, int p) {
        float[] out = image.clone();
        int h = grid.height();
        int w = grid.width();
        for (int c = 0; c < channels(); c++) {
            for (int y = grid.top(p); y < grid.top(p) + grid.patch(); y++) {
                java.util.Arrays.fill(out, (c * h + y) * w + grid.left(p), (c * h + y) * w + grid.left(p) + grid.patch(), fill);
            }
        }
        return out;
    }
}

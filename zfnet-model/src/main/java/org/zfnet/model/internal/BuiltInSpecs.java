package org.zfnet.model.internal;

import java.util.List;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;

/** The networks zfnet ships. */
final class BuiltInSpecs {

    private BuiltInSpecs() {
    }

    /**
     * ZFNet exactly as Zeiler and Fergus's Fig. 3 (arXiv 1311.2901): 224 to 110, 55, 26, 13, 13, 13, 6, then
     * three fully connected layers. LRN as PyTorch's {@code LocalResponseNorm(5, 1e-4, 0.75, 2)}; max pooling
     * 3x3/2 in ceil mode (Caffe's rounding, which the figure's sizes imply).
     */
    static ModelSpec zfnet(int classes, List<String> labels) {
        return new ModelSpec("zfnet", "ZFNet (Zeiler and Fergus 2014, Fig. 3) for 3x224x224 images",
                List.of(3, 224, 224), Preprocessing.imagenet(), labels,
                zfnetLayers(new int[] {96, 256, 384, 384, 256}, 4096, classes));
    }

    /**
     * ZFNet's layer sequence with the given widths: conv1 7x7/2 pad 1, ReLU, max pool 3x3/2 ceil, LRN, conv2
     * 5x5/2, ReLU, pool, LRN, conv3-5 3x3/1 pad 1 each with ReLU, pool, fc6 and fc7 with ReLU and dropout 0.5,
     * fc8, softmax.
     *
     * @param convs filters of conv1 to conv5
     * @param fc    features of fc6 and fc7
     */
    static List<LayerSpec> zfnetLayers(int[] convs, int fc, int classes) {
        return List.of(
                LayerSpec.conv("conv1", convs[0], 7, 2, 1), LayerSpec.relu(),
                LayerSpec.maxpool("pool1", 3, 2, true), LayerSpec.lrn("norm1", 5, 1e-4, 0.75, 2),
                LayerSpec.conv("conv2", convs[1], 5, 2, 0), LayerSpec.relu(),
                LayerSpec.maxpool("pool2", 3, 2, true), LayerSpec.lrn("norm2", 5, 1e-4, 0.75, 2),
                LayerSpec.conv("conv3", convs[2], 3, 1, 1), LayerSpec.relu(),
                LayerSpec.conv("conv4", convs[3], 3, 1, 1), LayerSpec.relu(),
                LayerSpec.conv("conv5", convs[4], 3, 1, 1), LayerSpec.relu(),
                LayerSpec.maxpool("pool5", 3, 2, true),
                LayerSpec.linear("fc6", fc), LayerSpec.relu(), LayerSpec.dropout(0.5),
                LayerSpec.linear("fc7", fc), LayerSpec.relu(), LayerSpec.dropout(0.5),
                LayerSpec.linear("fc8", classes), LayerSpec.softmax("prob"));
    }
}

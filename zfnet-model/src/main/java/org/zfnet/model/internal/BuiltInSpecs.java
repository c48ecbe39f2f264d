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
                List.of(3, 224, 224), Preprocessing.imagenet(), labels, List.of(
                LayerSpec.conv("conv1", 96, 7, 2, 1), LayerSpec.relu(),
                LayerSpec.maxpool("pool1", 3, 2, true), LayerSpec.lrn("norm1", 5, 1e-4, 0.75, 2),
                LayerSpec.conv("conv2", 256, 5, 2, 0), LayerSpec.relu(),
                LayerSpec.maxpool("pool2", 3, 2, true), LayerSpec.lrn("norm2", 5, 1e-4, 0.75, 2),
                LayerSpec.conv("conv3", 384, 3, 1, 1), LayerSpec.relu(),
                LayerSpec.conv("conv4", 384, 3, 1, 1), LayerSpec.relu(),
                LayerSpec.conv("conv5", 256, 3, 1, 1), LayerSpec.relu(),
                LayerSpec.maxpool("pool5", 3, 2, true),
                LayerSpec.linear("fc6", 4096), LayerSpec.relu(), LayerSpec.dropout(0.5),
                LayerSpec.linear("fc7", 4096), LayerSpec.relu(), LayerSpec.dropout(0.5),
                LayerSpec.linear("fc8", classes), LayerSpec.softmax("prob")));
    }
}

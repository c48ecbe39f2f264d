package org.zfnet.model.internal;

import java.util.List;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;

/** Small networks with ZFNet's exact layer sequence, for tests that compare with the reference loops. */
final class TestSpecs {

    private TestSpecs() {
    }

    /** ZFNet's layers at reduced width on 3x63x63: 30, 15, 15, 6, 3, 3, 3, 3, 1, then 32, 32, 10. */
    static ModelSpec tiny() {
        return new ModelSpec("zfnet-tiny", "ZFNet's layer sequence at reduced width", List.of(3, 63, 63),
                new Preprocessing(72, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25)), List.of(),
                BuiltInSpecs.zfnetLayers(new int[] {6, 16, 24, 24, 16}, 32, 10));
    }

    /**
     * A graph on 3x16x16: a stem, a residual block (two convolutions, one without bias, added to the stem's output), two
     * branches joined along the channels, pooling, an identity, flatten, a linear layer without bias, softmax. Names
     * are PyTorch module paths.
     */
    static ModelSpec graph() {
        return new ModelSpec("graph", "a residual block and a concat of branches", List.of(3, 16, 16), null, List.of(),
                List.of(LayerSpec.conv("stem.conv", 4, 3, 1, 1), LayerSpec.of("relu", "stem.relu"),
                        LayerSpec.conv("block.conv1", 4, 3, 1, 1), LayerSpec.relu(),
                        LayerSpec.conv("block.conv2", 4, 3, 1, 1).with(null, null, null, false, null, null, null),
                        LayerSpec.of("add", "block.add").withInputs("block.conv2", "stem.relu"),
                        LayerSpec.of("relu", "block.out"),
                        LayerSpec.conv("branch.a", 3, 1, 1, 0),
                        LayerSpec.conv("branch.b", 2, 3, 1, 1).withInputs("block.out"), LayerSpec.relu(),
                        LayerSpec.of("concat", "join").withInputs("branch.a", "branch.b"),
                        LayerSpec.maxpool("pool", 2, 2, false), LayerSpec.of("identity", "same"),
                        LayerSpec.of("flatten", "flat"),
                        LayerSpec.linear("fc", 5).with(null, null, null, false, null, null, null),
                        LayerSpec.softmax("prob")));
    }

    /**
     * ZFNet's layers at reduced width on 3 x size x size, with the deconv plugin's widths (on 127: conv1 62, pool1 31,
     * conv2 14, pool2 7, conv3-5 7, pool5 3).
     */
    static ModelSpec tiny(int size) {
        return new ModelSpec("tiny", "", List.of(3, size, size), new Preprocessing(size, List.of(0.5, 0.5, 0.5),
                List.of(0.25, 0.25, 0.25)), List.of(), List.of(
                LayerSpec.conv("conv1", 6, 7, 2, 1), LayerSpec.relu(), LayerSpec.maxpool("pool1", 3, 2, true),
                LayerSpec.lrn("norm1", 5, 1e-4, 0.75, 2), LayerSpec.conv("conv2", 8, 5, 2, 0), LayerSpec.relu(),
                LayerSpec.maxpool("pool2", 3, 2, true), LayerSpec.lrn("norm2", 5, 1e-4, 0.75, 2),
                LayerSpec.conv("conv3", 8, 3, 1, 1), LayerSpec.relu(), LayerSpec.conv("conv4", 8, 3, 1, 1),
                LayerSpec.relu(), LayerSpec.conv("conv5", 8, 3, 1, 1), LayerSpec.relu(),
                LayerSpec.maxpool("pool5", 3, 2, true), LayerSpec.linear("fc6", 10), LayerSpec.relu(),
                LayerSpec.linear("fc8", 3), LayerSpec.softmax("prob")));
    }
}

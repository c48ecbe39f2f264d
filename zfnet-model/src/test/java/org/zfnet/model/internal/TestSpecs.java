package org.zfnet.model.internal;

import java.util.List;
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
}

package org.zfnet.plugin.occlusion.internal;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;

/**
 * What an input's figures need beyond its {@link Occluded} numbers: the input as displayed ({@code [3, H, W]} in
 * [0, 1]) and the deconv projection of its watched feature ({@code [C, H, W]}), when the deconv plugin is installed.
 * Kept for the first inputs only ({@link OcclusionWork#revisit}): 2 x 3 x H x W floats, 1.2 MB for a 224 x 224 input.
 */
record Picture(Floats display, Optional<Floats> projection) {

    /** A float array with its shape, host-side so that a state holds nothing to close. */
    record Floats(float[] data, long[] shape) {

        static Floats of(INDArray a) {
            return new Floats(HostArrays.floats(a), a.shape());
        }

        INDArray array() {
            return HostArrays.floats(data, shape);
        }
    }
}

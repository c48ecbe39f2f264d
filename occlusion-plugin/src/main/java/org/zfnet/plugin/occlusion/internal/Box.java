package org.zfnet.plugin.occlusion.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.model.Region;

/**
 * The changed part of one layer's output for a batch of square positions: per position the top-left corner, one
 * height and width for all, and the values {@code [N, C, height, width]}. Outside its box a position's output equals
 * the unoccluded one.
 */
record Box(int[] top, int[] left, int height, int width, INDArray values) {

    Region region(int b) {
        return new Region(top[b], left[b], top[b] + height, left[b] + width);
    }
}

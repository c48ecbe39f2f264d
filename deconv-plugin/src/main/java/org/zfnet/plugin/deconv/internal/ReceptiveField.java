package org.zfnet.plugin.deconv.internal;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.Region;

/**
 * The input pixels a unit of a tap can see ({@link Network#receptiveField}: its position walked down every path
 * below it by each layer's window geometry), clipped to the image {@code [N, C, H, W]}.
 *
 * @param y0 first row (inclusive)
 * @param x0 first column (inclusive)
 * @param y1 last row (exclusive)
 * @param x1 last column (exclusive)
 * @param clipTop  rows of the field cut off above the image
 * @param clipLeft columns of the field cut off left of the image
 */
record ReceptiveField(int y0, int x0, int y1, int x1, int clipTop, int clipLeft) {

    static ReceptiveField of(Network network, String tap, int y, int x, INDArray image) {
        Region field = network.receptiveField(tap, Region.at(y, x));
        Region inside = field.clip((int) image.size(2), (int) image.size(3));
        return new ReceptiveField(inside.top(), inside.left(), inside.bottom(), inside.right(),
                Math.max(0, -field.top()), Math.max(0, -field.left()));
    }

    /** The largest field of the tap, for a unit away from the borders (the unclipped field's extent). */
    static int size(Network network, String tap) {
        Region field = network.receptiveField(tap, Region.at(0, 0));
        return Math.max(field.height(), field.width());
    }

    int height() {
        return y1 - y0;
    }

    int width() {
        return x1 - x0;
    }

    List<Integer> asList() {
        return List.of(x0, y0, width(), height());
    }
}

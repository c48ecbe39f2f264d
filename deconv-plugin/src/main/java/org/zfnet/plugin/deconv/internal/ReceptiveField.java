package org.zfnet.plugin.deconv.internal;

import java.util.List;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.dto.LayerSpec;

/**
 * The input pixels a unit of a layer can see: its position walked back through every convolution (kernel,
 * stride, padding) and pooling (kernel, stride) below it, clipped to the image.
 *
 * @param y0 first row (inclusive)
 * @param x0 first column (inclusive)
 * @param y1 last row (exclusive)
 * @param x1 last column (exclusive)
 * @param clipTop  rows of the field cut off above the image
 * @param clipLeft columns of the field cut off left of the image
 */
record ReceptiveField(int y0, int x0, int y1, int x1, int clipTop, int clipLeft) {

    static ReceptiveField of(List<LayerSpec> layers, int layer, int y, int x, int height, int width) {
        long top = y;
        long bottom = y;
        long left = x;
        long right = x;
        for (int i = layer; i >= 0; i--) {
            LayerSpec l = layers.get(i);
            if (l.type().equals("conv") || l.type().equals("maxpool")) {
                int k = l.kernel();
                ConvGeometry g = ConvGeometry.of(l);
                int s = g.strideY();
                int p = g.padY();
                top = top * s - p;
                left = left * s - p;
                bottom = bottom * s - p + k - 1;
                right = right * s - p + k - 1;
            }
        }
        return new ReceptiveField((int) Math.max(0, top), (int) Math.max(0, left), (int) Math.min(height, bottom + 1),
                (int) Math.min(width, right + 1), (int) Math.max(0, -top), (int) Math.max(0, -left));
    }

    /** The largest field of the layer, for a unit away from the borders. */
    static int size(List<LayerSpec> layers, int layer) {
        long span = 1;
        long step = 1;
        for (int i = 0; i <= layer; i++) {
            LayerSpec l = layers.get(i);
            if (l.type().equals("conv") || l.type().equals("maxpool")) {
                span += (l.kernel() - 1) * step;
                step *= ConvGeometry.of(l).strideY();
            }
        }
        return (int) span;
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

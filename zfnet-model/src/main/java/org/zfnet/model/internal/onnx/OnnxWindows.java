package org.zfnet.model.internal.onnx;

import java.util.Arrays;
import java.util.List;
import org.zfnet.api.dto.LayerSpec;

/**
 * Window geometry of ONNX convolutions and pooling as zfnet layer fields: square kernels and strides (the layer types
 * take one extent for both axes), padding from {@code pads} {@code [top, left, bottom, right]} or computed by
 * {@code auto_pad}, and the axis checks of Concat, Flatten and Softmax.
 */
final class OnnxWindows {

    private OnnxWindows() {
    }

    /** The one extent of a pair that must be equal on both axes. */
    static int square(OnnxNode n, String what, int[] pair) {
        if (pair[0] != pair[1]) {
            throw n.refuse(what + " " + pair[0] + "x" + pair[1] + " is not supported (the layer types take the same "
                    + what + " on both axes)");
        }
        if (pair[0] < 1) {
            throw n.refuse(what + " must be at least 1, got " + pair[0]);
        }
        return pair[0];
    }

    /**
     * Padding {@code [top, left, bottom, right]} of a window over a {@code [C, H, W]} input: the {@code pads} attribute
     * (auto_pad NOTSET), none (VALID), or what keeps {@code ceil(in / stride)} outputs (SAME_UPPER puts the odd one
     * after, SAME_LOWER before).
     */
    static int[] pads(OnnxNode n, long[] in, int k, int stride, int dilation) {
        if (in.length != 3) {
            throw n.refuse("needs a [N, C, H, W] input, got [N, " + Arrays.toString(in).substring(1));
        }
        String auto = n.text("auto_pad", "NOTSET");
        switch (auto) {
            case "NOTSET" -> {
                int[] p = n.ints("pads", 4, new int[4]);
                if (Arrays.stream(p).anyMatch(v -> v < 0)) {
                    throw n.refuse("negative pads " + Arrays.toString(p) + " are not supported");
                }
                return p;
            }
            case "VALID" -> {
                return new int[4];
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                int[] p = new int[4];
                for (int axis = 0; axis < 2; axis++) {
                    long size = in[1 + axis];
                    long out = (size + stride - 1) / stride;
                    long total = Math.max(0, (out - 1) * stride + (long) (k - 1) * dilation + 1 - size);
                    long half = total / 2;
                    boolean upper = auto.equals("SAME_UPPER");
                    p[axis] = (int) (upper ? half : total - half);
                    p[axis + 2] = (int) (upper ? total - half : half);
                }
                return p;
            }
            default -> throw n.refuse("auto_pad '" + auto + "' is not supported (NOTSET, VALID, SAME_UPPER, SAME_LOWER)");
        }
    }

    /** A conv or pooling layer's window: {@code pad} when the same on every side, else {@code pads}. */
    static LayerSpec window(LayerSpec layer, int k, int stride, int[] p) {
        boolean even = p[0] == p[1] && p[1] == p[2] && p[2] == p[3];
        return layer.withWindow(k, stride, even ? Integer.valueOf(p[0]) : null,
                even ? null : List.of(p[0], p[1], p[2], p[3]));
    }

    /** Refuses an axis other than 1 (the channels or features) of a tensor of {@code rank} axes, batch included. */
    static void requireAxisOne(OnnxNode n, long axis, int rank) {
        if (axis != 1 && axis != 1 - rank) {
            throw n.refuse("axis " + axis + " of a rank-" + rank + " tensor is not supported (only axis 1, the "
                    + "channels or features)");
        }
    }
}

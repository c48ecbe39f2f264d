package org.zfnet.model.internal;

import org.zfnet.api.InvalidInputException;
import org.zfnet.api.model.Region;

/**
 * Which input pixels positions of a layer's output can see, and which taps have such windows: a box walked down every
 * path by each layer's window geometry ({@code LayerType.inputBox}), the union over paths (Zeiler and Fergus's
 * receptive-field crops, arXiv 1311.2901, Fig. 2).
 */
final class ReceptiveFields {

    private ReceptiveFields() {
    }

    /** Whether layer {@code top}'s output is a feature map and no layer on a path below it is dense. */
    static boolean windowed(CompiledSpec compiled, int top) {
        if (compiled.shapes.get(top).length != 3) {
            return false;
        }
        boolean[] below = reached(compiled, top);
        for (int i = 0; i <= top; i++) {
            if (below[i] && compiled.type(i).dense()) {
                return false;
            }
        }
        return true;
    }

    /** The input region (not clipped) that {@code box} of layer {@code top}'s output sees; the tap must be windowed. */
    static Region of(CompiledSpec compiled, int top, String tap, Region box) {
        if (!windowed(compiled, top)) {
            throw new InvalidInputException("tap " + tap + " has no receptive field: a layer below it reads its whole "
                    + "input, or it is not a feature map");
        }
        long[] shape = compiled.shapes.get(top);
        if (box.isEmpty() || box.top() < 0 || box.left() < 0 || box.bottom() > shape[1] || box.right() > shape[2]) {
            throw new InvalidInputException(box + " is not a box of tap " + tap + " (" + shape[1] + "x" + shape[2] + ")");
        }
        Region[] boxes = new Region[compiled.types.size() + 1];
        int inputSlot = boxes.length - 1;
        boxes[top] = box;
        for (int i = top; i >= 0; i--) {
            if (boxes[i] == null) {
                continue;
            }
            int[] from = compiled.inputs.get(i);
            for (int k = 0; k < from.length; k++) {
                Region r = compiled.type(i).inputBox(compiled.spec.layers().get(i), k, boxes[i]);
                int slot = from[k] == CompiledSpec.NETWORK_INPUT ? inputSlot : from[k];
                boxes[slot] = boxes[slot] == null ? r : boxes[slot].union(r);
            }
        }
        return boxes[inputSlot];
    }

    /** The layers on some path from the input to layer {@code top}, that layer included. */
    private static boolean[] reached(CompiledSpec compiled, int top) {
        boolean[] below = new boolean[top + 1];
        below[top] = true;
        for (int i = top; i >= 0; i--) {
            if (below[i]) {
                for (int k : compiled.inputs.get(i)) {
                    if (k != CompiledSpec.NETWORK_INPUT) {
                        below[k] = true;
                    }
                }
            }
        }
        return below;
    }
}

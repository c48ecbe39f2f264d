package org.zfnet.plugin.occlusion.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.PartialForward;
import org.zfnet.api.model.Region;

/**
 * How incremental occlusion walks a network, from its layer definitions ({@link PartialForward}): the layers computed
 * on boxes (spatial), the tail computed whole (a dense layer, such as a linear or global pooling layer, and every layer
 * after it), and per axis which outputs of a spatial layer a changed span of its inputs reaches. Arrays are indexed by
 * slot: slot 0 is the network's input, slot {@code i + 1} layer {@code i}'s output.
 */
final class Plan {

    private final PartialForward layers;
    private final int[][] inputSlots;
    private final boolean[] tail;
    private final int[] spatialUses;
    private final int[] tailUses;
    /** Per slot, one sample's output shape. */
    private final long[][] shapes;
    /** Per spatial layer, input and axis (0 rows, 1 columns): the first input index each output reads, and the end. */
    private final int[][][][] readFrom;
    private final int[][][][] readTo;
    private final String unsupported;

    /** The plan of a network, with the shapes of its layers' outputs in a forward trace. */
    static Plan of(Network network, ForwardTrace trace) {
        List<LayerSpec> specs = network.spec().layers();
        long[][] shapes = new long[specs.size() + 1][];
        shapes[0] = sample(trace.input());
        for (int i = 0; i < specs.size(); i++) {
            shapes[i + 1] = sample(trace.output(i));
        }
        return new Plan(network.partialForward(), specs, shapes);
    }

    private static long[] sample(INDArray a) {
        return Arrays.copyOfRange(a.shape(), 1, a.rank());
    }

    /** @param shapes per slot, one sample's shape ({@code [C, H, W]} for feature maps) */
    private Plan(PartialForward layers, List<LayerSpec> specs, long[][] shapes) {
        this.layers = layers;
        this.shapes = shapes;
        int n = layers.layers();
        inputSlots = new int[n][];
        tail = new boolean[n];
        spatialUses = new int[n + 1];
        tailUses = new int[n + 1];
        readFrom = new int[n][][][];
        readTo = new int[n][][][];
        String refused = null;
        for (int i = 0; i < n; i++) {
            int[] in = layers.inputs(i);
            inputSlots[i] = new int[in.length];
            tail[i] = layers.dense(i);
            for (int k = 0; k < in.length; k++) {
                inputSlots[i][k] = in[k] + 1;
                tail[i] |= in[k] >= 0 && tail[in[k]];
            }
            for (int slot : inputSlots[i]) {
                (tail[i] ? tailUses : spatialUses)[slot]++;
            }
            if (tail[i]) {
                continue;
            }
            if (layers.cropBorder(i).isEmpty() && refused == null) {
                LayerSpec l = specs.get(i);
                refused = "layer " + i + (l.name() == null ? "" : " '" + l.name() + "'") + " (" + l.type()
                        + ") cannot be computed from crops of its inputs";
            }
            tables(i);
        }
        unsupported = refused;
    }

    private void tables(int i) {
        long[] out = shapes[i + 1];
        readFrom[i] = new int[inputSlots[i].length][2][];
        readTo[i] = new int[inputSlots[i].length][2][];
        for (int k = 0; k < inputSlots[i].length; k++) {
            for (int axis = 0; axis < 2; axis++) {
                int extent = (int) out[axis + 1];
                int[] from = readFrom[i][k][axis] = new int[extent];
                int[] to = readTo[i][k][axis] = new int[extent];
                for (int o = 0; o < extent; o++) {
                    Region one = axis == 0 ? new Region(o, 0, o + 1, 1) : new Region(0, o, 1, o + 1);
                    Region r = layers.inputRegion(i, k, one);
                    from[o] = axis == 0 ? r.top() : r.left();
                    to[o] = axis == 0 ? r.bottom() : r.right();
                }
            }
        }
    }

    /** Why the network cannot be computed incrementally: its first spatial layer without a crop form. */
    Optional<String> unsupported() {
        return Optional.ofNullable(unsupported);
    }

    PartialForward layers() {
        return layers;
    }

    int count() {
        return inputSlots.length;
    }

    int[] inputSlots(int layer) {
        return inputSlots[layer];
    }

    boolean tail(int layer) {
        return tail[layer];
    }

    /** How many spatial layers take the slot (counting a layer once per input it takes it as). */
    int spatialUses(int slot) {
        return spatialUses[slot];
    }

    int tailUses(int slot) {
        return tailUses[slot];
    }

    /** Whether a tail layer takes the slot, which is then assembled whole for it. */
    boolean frontier(int slot) {
        return tailUses[slot] > 0 && (slot == 0 || !tail[slot - 1]);
    }

    long[] shape(int slot) {
        return shapes[slot];
    }

    /**
     * Along one axis (0 rows, 1 columns), the first and last output index of every spatial slot that a square covering
     * {@code [start, start + patch)} of the input can change (the network's input: the square); an output no change
     * reaches is given as {@code [0, 0]}, which is computed from unchanged inputs.
     */
    int[][] spans(int start, int patch, int axis) {
        int[][] spans = new int[count() + 1][];
        spans[0] = new int[] {start, start + patch - 1};
        for (int i = 0; i < count(); i++) {
            if (tail[i]) {
                continue;
            }
            int first = Integer.MAX_VALUE;
            int last = Integer.MIN_VALUE;
            for (int k = 0; k < inputSlots[i].length; k++) {
                int[] in = spans[inputSlots[i][k]];
                int[] from = readFrom[i][k][axis];
                int[] to = readTo[i][k][axis];
                int a = firstReading(to, in[0]);
                int b = lastReading(from, in[1]);
                if (a <= b) {
                    first = Math.min(first, a);
                    last = Math.max(last, b);
                }
            }
            spans[i + 1] = first <= last ? new int[] {first, last} : new int[] {0, 0};
        }
        return spans;
    }

    /** The first output whose window ends after input index {@code a} ({@code to} ascends). */
    private static int firstReading(int[] to, int a) {
        int lo = 0;
        int hi = to.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (to[mid] > a) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The last output whose window starts at or before input index {@code b} ({@code from} ascends). */
    private static int lastReading(int[] from, int b) {
        int lo = 0;
        int hi = from.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (from[mid] <= b) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /** Multiply-adds of running the whole network once per position. */
    long naiveMacs(int positions) {
        long total = 0;
        for (int i = 0; i < count(); i++) {
            total += layers.macs(i);
        }
        return total * positions;
    }

    /** The spatial layers' indices, in order. */
    List<Integer> spatialLayers() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count(); i++) {
            if (!tail[i]) {
                out.add(i);
            }
        }
        return out;
    }
}

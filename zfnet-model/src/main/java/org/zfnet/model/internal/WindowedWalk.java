package org.zfnet.model.internal;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.model.Activation;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.model.internal.layers.Window;

/**
 * The walk back from single activations (the deconvnet's MAX mode, Zeiler and Fergus, arXiv 1311.2901, Sec. 2.1) on
 * windows. One activation reaches only its receptive field, so at every layer only a window around it can be nonzero:
 * each layer is computed on that window alone ({@code LayerType.projectWindow}; one window size for the batch of
 * rows, each window shifted to lie inside its plane), and the input's window is placed in a zero image. On a graph a
 * layer's output window is the union of the windows its consumers pass down (their signals summed), so the result is
 * the full walk's ({@link BackwardWalk}); from conv5 of ZFNet it costs about a fifth of it. Arrays are NCHW.
 */
final class WindowedWalk {

    private final Trace trace;
    private final CompiledSpec compiled;
    private final int[] samples;
    private final Window[] pending;
    /** Arrays of pending windows and how many windows hold each (add passes one signal to several inputs). */
    private final Map<INDArray, Integer> holders = new IdentityHashMap<>();

    private WindowedWalk(Trace trace, CompiledSpec compiled, int[] samples) {
        this.trace = trace;
        this.compiled = compiled;
        this.samples = samples;
        this.pending = new Window[compiled.types.size() + 1];
    }

    /**
     * Row {@code j}: activation {@code j} of layer {@code top}'s output walked down to the input.
     *
     * @return {@code [rows, C, H, W]} in input space, the caller's; null when a layer below the tap has no windowed
     *         projection
     */
    static INDArray run(Trace trace, CompiledSpec compiled, int top, List<Activation> activations,
            ProjectionRule rule, boolean lrnGradient) {
        int n = activations.size();
        int[] samples = new int[n];
        int[] rows = new int[n];
        int[] cols = new int[n];
        INDArray start = Nd4j.zeros(DataType.FLOAT, n, trace.output(top).size(1), 1, 1);
        for (int j = 0; j < n; j++) {
            Activation a = activations.get(j);
            samples[j] = a.sample();
            rows[j] = a.y();
            cols[j] = a.x();
            start.putScalar(new long[] {j, a.channel(), 0, 0}, a.value());
        }
        return new WindowedWalk(trace, compiled, samples).walk(top, new Window(rows, cols, 1, 1, start), rule,
                lrnGradient);
    }

    private INDArray walk(int top, Window start, ProjectionRule rule, boolean lrnGradient) {
        int inputSlot = pending.length - 1;
        add(top, start);
        try {
            for (int i = top; i >= 0; i--) {
                Window w = pending[i];
                if (w == null) {
                    continue;
                }
                pending[i] = null;
                List<Window> next = compiled.type(i).projectWindow(trace.call(i), trace.output(i), samples, w, rule,
                        lrnGradient);
                if (next == null) {
                    release(w.values());
                    return null;
                }
                int[] from = compiled.inputs.get(i);
                for (int k = 0; k < from.length; k++) {
                    add(from[k] == CompiledSpec.NETWORK_INPUT ? inputSlot : from[k], next.get(k));
                }
                release(w.values());
            }
            Window last = pending[inputSlot];
            INDArray image = trace.input();
            return last.placed((int) image.size(2), (int) image.size(3));
        } finally {
            for (INDArray left : holders.keySet()) {
                left.close();
            }
        }
    }

    /** Adds a window to what is pending at a layer's output (or the network's input). */
    private void add(int slot, Window w) {
        hold(w.values());
        if (pending[slot] == null) {
            pending[slot] = w;
            return;
        }
        INDArray plane = slot == pending.length - 1 ? trace.input() : trace.output(slot);
        Window sum = pending[slot].plus(w, (int) plane.size(2), (int) plane.size(3));
        release(pending[slot].values());
        release(w.values());
        hold(sum.values());
        pending[slot] = sum;
    }

    private void hold(INDArray a) {
        holders.merge(a, 1, Integer::sum);
    }

    private void release(INDArray a) {
        int left = holders.get(a) - 1;
        if (left > 0) {
            holders.put(a, left);
        } else {
            holders.remove(a);
            a.close();
        }
    }
}

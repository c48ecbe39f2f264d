package org.zfnet.model.internal;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.model.internal.layers.LayerCall;
import org.zfnet.model.internal.layers.LayerType;

/**
 * A signal walked from one layer's output down a forward trace, through a graph: each layer's type turns the signal
 * at its output into signals at its inputs (training's gradients, or a projection rule's), and where a layer's output
 * feeds several layers (a residual branch) their signals are summed. Arrays the walk creates are closed as soon as no
 * layer below needs them; the trace's own arrays and the caller's signal are never closed.
 */
final class BackwardWalk {

    /** What one layer does to the signal at its output. */
    @FunctionalInterface
    interface Step {
        List<INDArray> apply(int layer, LayerType type, LayerCall call, INDArray output, INDArray signal,
                boolean[] needed);
    }

    private final Trace trace;
    private final CompiledSpec compiled;
    /** Walk-made arrays and how many pending signals hold each. */
    private final Map<INDArray, Integer> owned = new IdentityHashMap<>();
    private final INDArray[] pending;
    private final INDArray callers;

    private BackwardWalk(Trace trace, CompiledSpec compiled, INDArray signal) {
        this.trace = trace;
        this.compiled = compiled;
        this.pending = new INDArray[compiled.types.size() + 1];
        this.callers = signal;
    }

    /**
     * Walks {@code signal}, the signal at the output of layer {@code top}, down to the network's input.
     *
     * @param toInput whether the signal at the network's input is wanted (a projection's pixels; training needs none)
     * @return the signal at the network's input, owned by the caller; null when not wanted or no path reaches it
     */
    static INDArray run(Trace trace, CompiledSpec compiled, int top, INDArray signal, boolean toInput, Step step) {
        return new BackwardWalk(trace, compiled, signal).walk(top, signal, toInput, step);
    }

    private INDArray walk(int top, INDArray signal, boolean toInput, Step step) {
        int inputSlot = pending.length - 1;
        pending[top] = signal;
        try {
            for (int i = top; i >= 0; i--) {
                INDArray s = pending[i];
                if (s == null) {
                    continue;
                }
                pending[i] = null;
                int[] from = compiled.inputs.get(i);
                boolean[] needed = new boolean[from.length];
                for (int k = 0; k < from.length; k++) {
                    needed[k] = from[k] != CompiledSpec.NETWORK_INPUT || toInput;
                }
                List<INDArray> next = step.apply(i, compiled.type(i), trace.call(i), trace.output(i), s, needed);
                for (int k = 0; k < from.length; k++) {
                    if (needed[k] && next.get(k) != null) {
                        add(from[k] == CompiledSpec.NETWORK_INPUT ? inputSlot : from[k], next.get(k));
                    } else if (next.get(k) != null && next.get(k) != s) {
                        hold(next.get(k));
                        release(next.get(k));
                    }
                }
                release(s);
            }
            INDArray result = pending[inputSlot];
            pending[inputSlot] = null;
            if (result != null && owned.remove(result) == null) {
                result = result.dup();
            }
            return result;
        } finally {
            for (INDArray left : owned.keySet()) {
                left.close();
            }
        }
    }

    /** Adds a signal to what is pending at a layer's output (or the network's input). */
    private void add(int slot, INDArray signal) {
        hold(signal);
        if (pending[slot] == null) {
            pending[slot] = signal;
            return;
        }
        INDArray sum = pending[slot].add(signal);
        release(pending[slot]);
        release(signal);
        hold(sum);
        pending[slot] = sum;
    }

    /** Counts one more holder of a walk-made array (arrays of the trace are not the walk's). */
    private void hold(INDArray a) {
        if (owned.containsKey(a) || a != callers && !trace.holds(a)) {
            owned.merge(a, 1, Integer::sum);
        }
    }

    /** One holder fewer; a walk-made array nobody holds is closed. */
    private void release(INDArray a) {
        Integer holders = owned.get(a);
        if (holders == null) {
            return;
        }
        if (holders > 1) {
            owned.put(a, holders - 1);
        } else {
            owned.remove(a);
            if (!a.isView() && a.closeable()) {
                a.close();
            }
        }
    }
}

package org.zfnet.model.internal;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.model.Activation;
import org.zfnet.api.model.ProjectionRule;

/**
 * Signals walked from a tap down to the input by a projection rule (Zeiler and Fergus's deconvnet, arXiv 1311.2901,
 * Sec. 2.1; guided backpropagation; the gradient): each layer's type says what it does to the signal
 * ({@code LayerType.project}), the {@link BackwardWalk} sums at branches. Arrays are NCHW.
 */
final class Projections {

    private Projections() {
    }

    /** The whole batch's signal at layer {@code top}'s output, walked to the input. */
    static INDArray project(Trace trace, CompiledSpec compiled, int top, String tap, INDArray signal,
            ProjectionRule rule, boolean lrnGradient) {
        checkShape(trace.output(top).shape(), signal, tap);
        return BackwardWalk.run(trace, compiled, top, signal, true,
                (i, type, call, output, s, needed) -> type.project(call, output, s, rule, lrnGradient, needed));
    }

    /** Input {@code sample}'s signal {@code [1, ...]} at layer {@code top}'s output, walked to the input. */
    static INDArray project(Trace trace, CompiledSpec compiled, int sample, int top, String tap, INDArray signal,
            ProjectionRule rule, boolean lrnGradient) {
        long[] shape = trace.output(top).shape().clone();
        if (sample < 0 || sample >= shape[0]) {
            throw new InvalidInputException("sample " + sample + " is not in the trace (" + shape[0] + " inputs)");
        }
        shape[0] = 1;
        checkShape(shape, signal, tap);
        return BackwardWalk.run(trace, compiled, top, signal, true, (i, type, call, output, s, needed) -> {
            try (SampleCall one = new SampleCall(call, sample); INDArray out = SampleCall.slice(output, sample)) {
                return type.project(one, out, s, rule, lrnGradient, needed);
            }
        });
    }

    /**
     * Single activations walked down, one row each: on windows where every layer below the tap defines its windowed
     * projection, otherwise in full, activation by activation.
     */
    static INDArray projectActivations(Trace trace, CompiledSpec compiled, int top, String tap,
            List<Activation> activations, ProjectionRule rule, boolean lrnGradient) {
        long[] shape = trace.output(top).shape();
        for (Activation a : activations) {
            if (a.sample() < 0 || a.sample() >= shape[0] || a.channel() < 0 || a.channel() >= shape[1] || a.y() < 0
                    || a.y() >= shape[2] || a.x() < 0 || a.x() >= shape[3]) {
                throw new InvalidInputException(a + " lies outside tap " + tap + " " + Arrays.toString(shape));
            }
        }
        INDArray windowed = WindowedWalk.run(trace, compiled, top, activations, rule, lrnGradient);
        if (windowed != null) {
            return windowed;
        }
        INDArray[] rows = new INDArray[activations.size()];
        for (int j = 0; j < rows.length; j++) {
            Activation a = activations.get(j);
            try (INDArray signal = Nd4j.zeros(DataType.FLOAT, 1, shape[1], shape[2], shape[3])) {
                signal.putScalar(new long[] {0, a.channel(), a.y(), a.x()}, a.value());
                rows[j] = project(trace, compiled, a.sample(), top, tap, signal, rule, lrnGradient);
            }
        }
        if (rows.length == 1) {
            return rows[0];
        }
        INDArray all = Nd4j.concat(0, rows);
        Arrays.stream(rows).forEach(INDArray::close);
        return all;
    }

    private static void checkShape(long[] expected, INDArray signal, String tap) {
        if (signal == null || !Arrays.equals(expected, signal.shape())) {
            throw new InvalidInputException("a signal at tap " + tap + " must have its shape "
                    + Arrays.toString(expected) + ", got " + (signal == null ? "nothing" : Arrays.toString(signal.shape())));
        }
    }
}

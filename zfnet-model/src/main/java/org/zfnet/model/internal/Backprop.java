package org.zfnet.model.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.model.internal.layers.Softmax;

/**
 * One training step's forward and backward pass: dropout active, softmax cross-entropy loss, and the gradient of the
 * mean loss for every parameter, each layer's through its type's definition, over the network's graph.
 */
final class Backprop {

    private Backprop() {
    }

    /**
     * @param loss      mean cross-entropy of the batch
     * @param correct   inputs whose most probable class is their label
     * @param gradients by parameter name; the caller closes them
     */
    record Result(double loss, int correct, Map<String, INDArray> gradients) {
    }

    static Result step(GraphNetwork network, INDArray x, int[] labels, long dropoutSeed) {
        CompiledSpec compiled = network.compiled();
        int last = compiled.types.size() - 1;
        if (!(compiled.type(last) instanceof Softmax)) {
            throw new InvalidInputException("model " + network.spec().name() + " must end in a softmax to be trained");
        }
        Map<String, INDArray> grads = new LinkedHashMap<>();
        try (Trace trace = network.run(x, last, true, dropoutSeed, true)) {
            INDArray probabilities = trace.output(last);
            float[] p = HostArrays.floats(probabilities);
            int n = labels.length;
            int classes = (int) probabilities.size(1);
            double loss = 0;
            int correct = 0;
            float[] g = p.clone();
            for (int r = 0; r < n; r++) {
                int label = labels[r];
                if (label < 0 || label >= classes) {
                    throw new InvalidInputException("label " + label + " outside the model's " + classes + " classes");
                }
                loss -= Math.log(Math.max(p[r * classes + label], 1e-12));
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (p[r * classes + c] > p[r * classes + best]) {
                        best = c;
                    }
                }
                correct += best == label ? 1 : 0;
                g[r * classes + label] -= 1;
            }
            for (int i = 0; i < g.length; i++) {
                g[i] /= n;
            }
            // the gradient of softmax and cross-entropy together, at the scores the softmax takes
            try (INDArray scores = HostArrays.floats(g, n, classes)) {
                BackwardWalk.run(trace, compiled, compiled.inputs.get(last)[0], scores, false,
                        (i, type, call, output, signal, needed) -> {
                            Map<String, INDArray> own = new LinkedHashMap<>();
                            List<INDArray> next = type.backward(call, output, signal, needed, own);
                            own.forEach((suffix, grad) -> grads.merge(call.layer().name() + "." + suffix, grad,
                                    (a, b) -> {
                                        INDArray sum = a.add(b);
                                        a.close();
                                        b.close();
                                        return sum;
                                    }));
                            return next;
                        });
            }
            return new Result(loss / n, correct, grads);
        } catch (RuntimeException e) {
            grads.values().forEach(INDArray::close);
            throw e;
        }
    }
}

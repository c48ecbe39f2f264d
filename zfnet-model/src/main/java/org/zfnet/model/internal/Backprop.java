package org.zfnet.model.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.ConvGradients;
import org.zfnet.api.backend.Dropped;
import org.zfnet.api.backend.LinearGradients;
import org.zfnet.api.backend.Pooled;
import org.zfnet.api.dto.LayerSpec;

/**
 * One training step's forward and backward pass: dropout active, softmax cross-entropy loss, and the
 * gradient of the mean loss for every parameter, all through the {@link ComputeBackend}'s kernels.
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

    static Result step(SequentialNetwork network, INDArray x, int[] labels, long dropoutSeed) {
        List<LayerSpec> layers = network.spec().layers();
        int count = layers.size();
        if (!layers.get(count - 1).type().equals("softmax")) {
            throw new InvalidInputException("model " + network.spec().name() + " must end in a softmax to be trained");
        }
        ComputeBackend b = network.backend();
        Map<String, INDArray> params = network.parameters();
        INDArray[] inputs = new INDArray[count];
        Pooled[] pools = new Pooled[count];
        INDArray[] masks = new INDArray[count];
        List<INDArray> owned = new ArrayList<>();
        Map<String, INDArray> grads = new LinkedHashMap<>();
        try {
            INDArray cur = x;
            for (int i = 0; i < count; i++) {
                LayerSpec layer = layers.get(i);
                inputs[i] = cur;
                INDArray y = switch (layer.type()) {
                    case "conv" -> b.conv2d(cur, params.get(layer.name() + ".weight"), params.get(layer.name() + ".bias"),
                            ConvGeometry.of(layer));
                    case "relu" -> b.relu(cur);
                    case "maxpool" -> {
                        pools[i] = b.maxPool(cur, SequentialNetwork.poolGeometry(layer));
                        owned.add(pools[i].switches());
                        yield pools[i].output();
                    }
                    case "lrn" -> b.lrn(cur, SequentialNetwork.lrnSpec(layer));
                    case "dropout" -> {
                        Dropped d = b.dropout(cur, layer.p(), dropoutSeed * 31 + i);
                        masks[i] = d.mask();
                        owned.add(d.mask());
                        yield d.output();
                    }
                    case "linear" -> b.linear(flat(cur), params.get(layer.name() + ".weight"),
                            params.get(layer.name() + ".bias"));
                    case "softmax" -> b.softmax(cur);
                    default -> throw new IllegalStateException(layer.type());
                };
                owned.add(y);
                cur = y;
            }
            float[] p = HostArrays.floats(cur);
            int n = labels.length;
            int classes = (int) cur.size(1);
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
            INDArray grad = HostArrays.floats(g, n, classes);
            for (int i = count - 2; i >= 0; i--) {
                INDArray next = backward(b, layers.get(i), inputs[i], grad, pools[i], masks[i], params, grads, i == 0);
                grad.close();
                grad = next;
            }
            if (grad != null) {
                grad.close();
            }
            return new Result(loss / n, correct, grads);
        } catch (RuntimeException e) {
            grads.values().forEach(INDArray::close);
            throw e;
        } finally {
            for (INDArray a : owned) {
                if (a != x && !a.isView() && a.closeable()) {
                    a.close();
                }
            }
        }
    }

    /** The gradient with respect to the layer's input (null for the first layer, which needs none). */
    private static INDArray backward(ComputeBackend b, LayerSpec layer, INDArray input, INDArray grad, Pooled pooled,
            INDArray mask, Map<String, INDArray> params, Map<String, INDArray> grads, boolean first) {
        switch (layer.type()) {
            case "linear" -> {
                INDArray w = params.get(layer.name() + ".weight");
                LinearGradients lg = b.linearBackward(flat(input), w, grad);
                grads.put(layer.name() + ".weight", lg.weights());
                grads.put(layer.name() + ".bias", lg.bias());
                if (input.rank() == 2) {
                    return lg.input();
                }
                INDArray shaped = lg.input().reshape('c', input.shape()).dup('c');
                lg.input().close();
                return shaped;
            }
            case "relu" -> {
                return b.reluBackward(input, grad);
            }
            case "dropout" -> {
                return grad.mul(mask);
            }
            case "maxpool" -> {
                return b.unpool(grad, pooled.switches(), (int) input.size(2), (int) input.size(3));
            }
            case "lrn" -> {
                return b.lrnBackward(input, grad, SequentialNetwork.lrnSpec(layer));
            }
            case "conv" -> {
                ConvGradients cg = b.conv2dBackward(input, params.get(layer.name() + ".weight"), grad,
                        ConvGeometry.of(layer));
                grads.put(layer.name() + ".weight", cg.weights());
                grads.put(layer.name() + ".bias", cg.bias());
                if (first) {
                    cg.input().close();
                    return null;
                }
                return cg.input();
            }
            default -> throw new IllegalStateException(layer.type());
        }
    }

    private static INDArray flat(INDArray x) {
        return x.rank() == 2 ? x : x.reshape('c', x.size(0), -1);
    }
}

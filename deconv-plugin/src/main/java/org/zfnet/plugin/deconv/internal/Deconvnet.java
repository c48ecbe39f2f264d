package org.zfnet.plugin.deconv.internal;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;

/**
 * Zeiler and Fergus's deconvnet (arXiv 1311.2901, Sec. 2.1): a feature map's activity projected back to pixel
 * space through the layers below it. At each pooling layer the signal is unpooled with the forward pass's
 * switches (values sharing a switch are summed); at each ReLU it is rectified (or masked, by {@link Rule});
 * at each convolution the layer's filters are applied transposed (no bias) to exactly that layer's input size;
 * LRN passes it unchanged, or applies its true gradient; dropout is the identity. The result is signed; it is
 * not rectified after the last filtering. Tensors are NCHW; a whole batch walks back at once.
 */
final class Deconvnet {

    /** What to keep of the chosen channel before projecting. */
    enum Mode {
        /** The single largest activation (the first in row-major order on ties). */
        MAX,
        /** The whole feature map. */
        MAP
    }

    /**
     * A projection.
     *
     * @param pixels {@code [1, C, H, W]}, the signed reconstruction in input space
     * @param value  the activation kept (MAX) or the channel's largest activation (MAP)
     * @param y      row of the largest activation in the feature map
     * @param x      column
     * @param field  the input pixels that activation can see
     */
    record Projection(INDArray pixels, float value, int y, int x, ReceptiveField field) {
    }

    private Deconvnet() {
    }

    /**
     * Projects channel {@code channel} of the tap {@code tap}, for input {@code sample} of the trace.
     *
     * @param at the position {@code {y, x}} of the activation to keep in MAX mode, or null for the channel's largest
     */
    static Projection project(ForwardTrace trace, int sample, String tap, int channel, Mode mode, Rule rule,
            boolean lrnGradient, int[] at) {
        Network network = trace.network();
        List<LayerSpec> layers = network.spec().layers();
        int top = network.tapLayer(tap);
        checkSpatial(network, tap, top);
        INDArray activity = slice(trace.output(top), sample);
        checkChannel(channel, activity.size(1), tap);
        INDArray map = activity.get(NDArrayIndex.point(0), NDArrayIndex.point(channel)).dup('c');
        float[] values = HostArrays.floats(map);
        int w = (int) map.size(1);
        int best = at != null ? at[0] * w + at[1] : firstMaximum(values);
        INDArray pixels;
        if (mode == Mode.MAX) {
            pixels = WindowedWalk.backward(trace, new int[] {sample}, top, new int[] {channel}, new int[] {best / w},
                    new int[] {best % w}, new float[] {values[best]}, rule, lrnGradient);
        } else {
            INDArray signal = Nd4j.zeros(DataType.FLOAT, activity.shape());
            signal.get(NDArrayIndex.point(0), NDArrayIndex.point(channel)).assign(map);
            pixels = backward(trace, sample, top, signal, rule, lrnGradient);
            if (pixels != signal) {
                signal.close();
            }
        }
        INDArray input = trace.input();
        ReceptiveField field = ReceptiveField.of(layers, top, best / w, best % w, (int) input.size(2), (int) input.size(3));
        activity.close();
        map.close();
        return new Projection(pixels, values[best], best / w, best % w, field);
    }

    /**
     * Projects, for every input {@code i} of the trace, channel {@code channels[i]} of the tap from its largest
     * activation (MAX) or its whole map (MAP): one backward pass over the whole batch.
     */
    static List<Projection> projectAll(ForwardTrace trace, String tap, int[] channels, Mode mode, Rule rule,
            boolean lrnGradient) {
        Network network = trace.network();
        List<LayerSpec> layers = network.spec().layers();
        int top = network.tapLayer(tap);
        checkSpatial(network, tap, top);
        INDArray activity = trace.output(top);
        int n = (int) activity.size(0);
        INDArray signal = mode == Mode.MAX ? null : Nd4j.zeros(DataType.FLOAT, activity.shape());
        float[] values = new float[n];
        int[] rows = new int[n];
        int[] cols = new int[n];
        for (int i = 0; i < n; i++) {
            checkChannel(channels[i], activity.size(1), tap);
            try (INDArray map = activity.get(NDArrayIndex.point(i), NDArrayIndex.point(channels[i])).dup('c')) {
                float[] v = HostArrays.floats(map);
                int w = (int) map.size(1);
                int best = firstMaximum(v);
                values[i] = v[best];
                rows[i] = best / w;
                cols[i] = best % w;
                if (mode == Mode.MAP) {
                    signal.get(NDArrayIndex.point(i), NDArrayIndex.point(channels[i])).assign(map);
                }
            }
        }
        INDArray input = trace.input();
        INDArray pixels = mode == Mode.MAX
                ? WindowedWalk.backward(trace, java.util.stream.IntStream.range(0, n).toArray(), top, channels, rows,
                        cols, values, rule, lrnGradient)
                : backward(trace, -1, top, signal, rule, lrnGradient);
        List<Projection> projections = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            projections.add(new Projection(slice(pixels, i), values[i], rows[i], cols[i],
                    ReceptiveField.of(layers, top, rows[i], cols[i], (int) input.size(2), (int) input.size(3))));
        }
        pixels.close();
        if (signal != null && pixels != signal) {
            signal.close();
        }
        return projections;
    }

    /**
     * Walks {@code signal} (the output of layer {@code top}) down to the input, for input {@code sample} of the
     * trace, or for the whole batch when {@code sample} is negative.
     */
    static INDArray backward(ForwardTrace trace, int sample, int top, INDArray signal, Rule rule, boolean lrnGradient) {
        Network network = trace.network();
        ComputeBackend b = network.backend();
        List<LayerSpec> layers = network.spec().layers();
        boolean whole = sample < 0;
        INDArray s = signal;
        for (int i = top; i >= 0; i--) {
            LayerSpec layer = layers.get(i);
            INDArray input = whole ? trace.inputOf(i) : slice(trace.inputOf(i), sample);
            INDArray next;
            try {
                next = switch (layer.type()) {
                    case "relu" -> relu(b, s, input, rule, s != signal || whole);
                    case "maxpool" -> {
                        INDArray all = trace.pooling(i).switches();
                        INDArray switches = whole ? all : slice(all, sample);
                        try {
                            yield b.unpool(s, switches, (int) input.size(2), (int) input.size(3));
                        } finally {
                            if (!whole) {
                                switches.close();
                            }
                        }
                    }
                    case "lrn" -> lrnGradient ? b.lrnBackward(input, s, new LrnSpec(layer.size(), layer.alpha(),
                            layer.beta(), layer.k())) : s;
                    case "conv" -> b.conv2dTranspose(s, network.parameters().get(layer.name() + ".weight"),
                            ConvGeometry.of(layer),
                            (int) input.size(2), (int) input.size(3));
                    case "dropout" -> s;
                    default -> throw new InvalidInputException("deconvnet cannot pass a " + layer.type() + " layer");
                };
            } finally {
                if (!whole) {
                    input.close();
                }
            }
            if (next != s && s != signal) {
                s.close();
            }
            s = next;
        }
        return s;
    }

    /** The rule at a ReLU; {@code owned}: the signal is this walk's own, so the deconvnet rule may rectify it in place. */
    private static INDArray relu(ComputeBackend b, INDArray signal, INDArray forwardInput, Rule rule, boolean owned) {
        return switch (rule) {
            case DECONVNET -> owned ? b.reluInPlace(signal) : b.relu(signal);
            case GUIDED -> {
                try (INDArray rectified = b.relu(signal)) {
                    yield b.reluBackward(forwardInput, rectified);
                }
            }
            case GRADIENT -> b.reluBackward(forwardInput, signal);
        };
    }

    /** The index of the largest value, the first one on ties. */
    private static int firstMaximum(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void checkSpatial(Network network, String tap, int top) {
        for (LayerSpec layer : network.spec().layers().subList(0, top + 1)) {
            if (layer.type().equals("linear") || layer.type().equals("softmax")) {
                throw new InvalidInputException("deconvnet projects feature maps; tap '" + tap + "' lies above the "
                        + "convolutional layers (use a tap up to " + lastSpatialTap(network) + ")");
            }
        }
    }

    private static void checkChannel(int channel, long channels, String tap) {
        if (channel < 0 || channel >= channels) {
            throw new InvalidInputException("channel " + channel + " does not exist at tap " + tap + " (0 to "
                    + (channels - 1) + ")");
        }
    }

    /** Input {@code sample} of a batch as a batch of one. */
    static INDArray slice(INDArray batch, int sample) {
        INDArrayIndex[] index = new INDArrayIndex[batch.rank()];
        index[0] = NDArrayIndex.interval(sample, sample + 1);
        for (int i = 1; i < index.length; i++) {
            index[i] = NDArrayIndex.all();
        }
        return batch.get(index).dup('c');
    }

    /** The last tap of a feature map (below the fully connected layers), for messages. */
    static String lastSpatialTap(Network network) {
        String last = null;
        for (String tap : network.taps()) {
            int layer = network.tapLayer(tap);
            if (!network.spec().layers().subList(0, layer + 1).stream()
                    .anyMatch(l -> l.type().equals("linear") || l.type().equals("softmax"))) {
                last = tap;
            }
        }
        return last;
    }
}

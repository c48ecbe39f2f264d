package org.zfnet.plugin.deconv.internal;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
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
 * not rectified after the last filtering. Tensors are NCHW, one input at a time.
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
        for (int i = 0; i <= top; i++) {
            String type = layers.get(i).type();
            if (type.equals("linear") || type.equals("softmax")) {
                throw new InvalidInputException("deconvnet projects feature maps; tap '" + tap + "' lies above the "
                        + "convolutional layers (use a tap up to " + lastSpatialTap(network) + ")");
            }
        }
        INDArray activity = slice(trace.output(top), sample);
        long channels = activity.size(1);
        if (channel < 0 || channel >= channels) {
            throw new InvalidInputException("channel " + channel + " does not exist at tap " + tap + " (0 to "
                    + (channels - 1) + ")");
        }
        INDArray map = activity.get(NDArrayIndex.point(0), NDArrayIndex.point(channel)).dup('c');
        float[] values = map.data().asFloat();
        int w = (int) map.size(1);
        int best = 0;
        if (at != null) {
            best = at[0] * w + at[1];
        } else {
            for (int i = 1; i < values.length; i++) {
                if (values[i] > values[best]) {
                    best = i;
                }
            }
        }
        INDArray signal = Nd4j.zeros(DataType.FLOAT, activity.shape());
        if (mode == Mode.MAX) {
            signal.putScalar(new long[] {0, channel, best / w, best % w}, values[best]);
        } else {
            signal.get(NDArrayIndex.point(0), NDArrayIndex.point(channel)).assign(map);
        }
        INDArray input = trace.input();
        ReceptiveField field = ReceptiveField.of(layers, top, best / w, best % w, (int) input.size(2), (int) input.size(3));
        INDArray pixels = backward(trace, sample, top, signal, rule, lrnGradient);
        if (pixels != signal) {
            signal.close();
        }
        activity.close();
        map.close();
        return new Projection(pixels, values[best], best / w, best % w, field);
    }

    /** Walks {@code signal} (the output of layer {@code top}) down to the input. */
    static INDArray backward(ForwardTrace trace, int sample, int top, INDArray signal, Rule rule, boolean lrnGradient) {
        Network network = trace.network();
        ComputeBackend b = network.backend();
        List<LayerSpec> layers = network.spec().layers();
        INDArray s = signal;
        for (int i = top; i >= 0; i--) {
            LayerSpec layer = layers.get(i);
            INDArray next;
            try (INDArray input = slice(trace.inputOf(i), sample)) {
                next = switch (layer.type()) {
                    case "relu" -> relu(b, s, input, rule);
                    case "maxpool" -> {
                        try (INDArray switches = slice(trace.pooling(i).switches(), sample)) {
                            yield b.unpool(s, switches, (int) input.size(2), (int) input.size(3));
                        }
                    }
                    case "lrn" -> lrnGradient ? b.lrnBackward(input, s, new LrnSpec(layer.size(), layer.alpha(),
                            layer.beta(), layer.k())) : s;
                    case "conv" -> b.conv2dTranspose(s, network.parameters().get(layer.name() + ".weight"),
                            ConvGeometry.of(layer.stride() == null ? 1 : layer.stride(), layer.pad() == null ? 0 : layer.pad()),
                            (int) input.size(2), (int) input.size(3));
                    case "dropout" -> s;
                    default -> throw new InvalidInputException("deconvnet cannot pass a " + layer.type() + " layer");
                };
            }
            if (next != s && s != signal) {
                s.close();
            }
            s = next;
        }
        return s;
    }

    private static INDArray relu(ComputeBackend b, INDArray signal, INDArray forwardInput, Rule rule) {
        return switch (rule) {
            case DECONVNET -> b.relu(signal);
            case GUIDED -> {
                try (INDArray rectified = b.relu(signal)) {
                    yield b.reluBackward(forwardInput, rectified);
                }
            }
            case GRADIENT -> b.reluBackward(forwardInput, signal);
        };
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

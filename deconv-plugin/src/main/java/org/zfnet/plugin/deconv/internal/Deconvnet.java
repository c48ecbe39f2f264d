package org.zfnet.plugin.deconv.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.model.Activation;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;

/**
 * Zeiler and Fergus's deconvnet (arXiv 1311.2901, Sec. 2.1): a feature map's activity projected back to pixel
 * space through the layers below it, by the network's own walk ({@link Network#project},
 * {@link Network#projectActivations}): unpooling with the forward pass's switches, rectification (or masking, by
 * {@link ProjectionRule}), the filters transposed, LRN unchanged or its true gradient, summed where branches join. The
 * result is signed; it is not rectified after the last filtering. Tensors are NCHW; a whole batch walks back at once.
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
    static Projection project(ForwardTrace trace, int sample, String tap, int channel, Mode mode, ProjectionRule rule,
            boolean lrnGradient, int[] at) {
        Network network = trace.network();
        checkSpatial(network, tap);
        INDArray activity = slice(trace.tap(tap), sample);
        checkChannel(channel, activity.size(1), tap);
        INDArray map = activity.get(NDArrayIndex.point(0), NDArrayIndex.point(channel)).dup('c');
        float[] values = HostArrays.floats(map);
        int w = (int) map.size(1);
        int best = at != null ? at[0] * w + at[1] : firstMaximum(values);
        INDArray pixels;
        if (mode == Mode.MAX) {
            pixels = network.projectActivations(trace, tap,
                    List.of(new Activation(sample, channel, best / w, best % w, values[best])), rule, lrnGradient);
        } else {
            try (INDArray signal = Nd4j.zeros(DataType.FLOAT, activity.shape())) {
                signal.get(NDArrayIndex.point(0), NDArrayIndex.point(channel)).assign(map);
                pixels = network.project(trace, sample, tap, signal, rule, lrnGradient);
            }
        }
        ReceptiveField field = ReceptiveField.of(network, tap, best / w, best % w, trace.input());
        activity.close();
        map.close();
        return new Projection(pixels, values[best], best / w, best % w, field);
    }

    /**
     * Projects, for every input {@code i} of the trace, channel {@code channels[i]} of the tap from its largest
     * activation (MAX) or its whole map (MAP): one backward pass over the whole batch.
     */
    static List<Projection> projectAll(ForwardTrace trace, String tap, int[] channels, Mode mode, ProjectionRule rule,
            boolean lrnGradient) {
        Network network = trace.network();
        checkSpatial(network, tap);
        INDArray activity = trace.tap(tap);
        int n = (int) activity.size(0);
        INDArray signal = mode == Mode.MAX ? null : Nd4j.zeros(DataType.FLOAT, activity.shape());
        List<Activation> best = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            checkChannel(channels[i], activity.size(1), tap);
            try (INDArray map = activity.get(NDArrayIndex.point(i), NDArrayIndex.point(channels[i])).dup('c')) {
                float[] v = HostArrays.floats(map);
                int w = (int) map.size(1);
                int at = firstMaximum(v);
                best.add(new Activation(i, channels[i], at / w, at % w, v[at]));
                if (mode == Mode.MAP) {
                    signal.get(NDArrayIndex.point(i), NDArrayIndex.point(channels[i])).assign(map);
                }
            }
        }
        INDArray pixels = mode == Mode.MAX ? network.projectActivations(trace, tap, best, rule, lrnGradient)
                : network.project(trace, tap, signal, rule, lrnGradient);
        List<Projection> projections = IntStream.range(0, n).mapToObj(i -> {
            Activation a = best.get(i);
            return new Projection(slice(pixels, i), a.value(), a.y(), a.x(),
                    ReceptiveField.of(network, tap, a.y(), a.x(), trace.input()));
        }).toList();
        pixels.close();
        if (signal != null) {
            signal.close();
        }
        return projections;
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

    /** Refuses a tap whose positions see the whole input, naming the last tap that is a feature map. */
    static void checkSpatial(Network network, String tap) {
        if (!network.windowed(tap)) {
            throw new InvalidInputException("deconvnet projects feature maps; tap '" + tap + "' lies above the "
                    + "convolutional layers (use a tap up to " + lastSpatialTap(network) + ")");
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
            if (network.windowed(tap)) {
                last = tap;
            }
        }
        return last;
    }
}

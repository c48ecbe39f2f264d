package org.zfnet.api.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Taps of a network picked by what they are rather than by name, so that an analysis's defaults and demo runs fit any
 * network (ZFNet's {@code conv1 … conv5} and {@code fc7}, or a user's graph): the convolutions' taps, and the fully
 * connected layers' taps.
 */
public final class Taps {

    /** The value of a tap option that means "chosen for the network" (its documented default). */
    public static final String AUTO = "auto";

    private Taps() {
    }

    /**
     * The taps that a list option ({@code --layers conv1,fc7}) names, each checked against the network, or those of
     * {@code auto} when the value is {@link #AUTO}. A value that names no tap (empty, or only commas) is refused in one
     * line naming the option, as is a tap the network does not have.
     *
     * @param option the option's name, for messages, e.g. {@code layers}
     * @param value  the option's text: tap names separated by commas, or {@link #AUTO}
     */
    public static List<String> listed(Network network, String option, String value,
            java.util.function.Supplier<List<String>> auto) {
        List<String> taps = value.trim().equals(AUTO) ? auto.get()
                : java.util.Arrays.stream(value.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (taps.isEmpty()) {
            throw new org.zfnet.api.InvalidInputException("--" + option + " names no tap; give tap names separated by "
                    + "commas (zfnet model summary lists them) or " + AUTO);
        }
        taps.forEach(network::tapLayer);
        return taps;
    }

    /** The first convolution's tap (ZFNet's {@code conv1}). */
    public static String firstConvolution(Network network) {
        return convolutions(network).stream().findFirst().orElseThrow(() -> noConvolution(network));
    }

    /** The last convolution's tap (ZFNet's {@code conv5}). */
    public static String lastConvolution(Network network) {
        List<String> convs = convolutions(network);
        if (convs.isEmpty()) {
            throw noConvolution(network);
        }
        return convs.get(convs.size() - 1);
    }

    private static org.zfnet.api.InvalidInputException noConvolution(Network network) {
        return new org.zfnet.api.InvalidInputException("model " + network.spec().name() + " has no convolution");
    }

    /** Taps of convolutions (a 4-D {@code <tap>.weight}) whose output is a feature map, in layer order. */
    public static List<String> convolutions(Network network) {
        return withWeights(network, 4).stream().filter(network::windowed).toList();
    }

    /** Taps of fully connected layers (a 2-D {@code <tap>.weight}), in layer order; the last gives the class scores. */
    public static List<String> fullyConnected(Network network) {
        return withWeights(network, 2);
    }

    /**
     * Up to {@code count} of {@code taps}, spread evenly from the first to the last (all of them when there are no more
     * than {@code count}).
     */
    public static List<String> spread(List<String> taps, int count) {
        if (taps.size() <= count) {
            return taps;
        }
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(taps.get((int) Math.round(i * (taps.size() - 1) / (double) (count - 1))));
        }
        return picked;
    }

    /**
     * The deepest feature representation below the class scores: the fully connected layer before the last one
     * (ZFNet's {@code fc7}), else the last convolution's tap; null when the network has neither.
     */
    public static String penultimate(Network network) {
        List<String> dense = fullyConnected(network);
        if (dense.size() >= 2) {
            return dense.get(dense.size() - 2);
        }
        List<String> convs = convolutions(network);
        return convs.isEmpty() ? null : convs.get(convs.size() - 1);
    }

    private static List<String> withWeights(Network network, int rank) {
        List<String> found = new ArrayList<>();
        for (String tap : network.taps()) {
            INDArray weight = network.parameters().get(tap + ".weight");
            if (weight != null && weight.rank() == rank) {
                found.add(tap);
            }
        }
        return found;
    }
}

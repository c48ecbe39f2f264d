package org.zfnet.serve.internal;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.model.Activation;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Region;

/**
 * A channel's strongest activation in one image projected to pixel space (Zeiler and Fergus, arXiv 1311.2901,
 * Sec. 2.1, by {@link Network#projectActivations}: the walk computes only the activation's receptive field), with that
 * receptive field in input pixels.
 */
final class StrongestProjection {

    /**
     * A projection.
     *
     * @param png   the signed projection, zero mid-grey ({@link Figures#signedToRgb}), the input's size
     * @param value the activation projected
     * @param y     its row in the tap's map
     * @param x     its column
     * @param field the input pixels it sees, clipped to the image: rows {@code [top, bottom)}, columns {@code [left, right)}
     */
    record Projection(byte[] png, float value, int y, int x, Region field) {
    }

    private StrongestProjection() {
    }

    /** Channel {@code channel} of {@code tap} in input 0 of {@code trace}, walked down by {@code rule}. */
    static Projection of(Network network, ForwardTrace trace, String tap, int channel, ProjectionRule rule) {
        if (!network.windowed(tap)) {
            throw new HttpError(HttpError.BAD_REQUEST, "tap " + tap + " is not a feature map every position of which "
                    + "sees a window of the input; projections take " + windowed(network));
        }
        INDArray maps = trace.tap(tap);
        int channels = (int) maps.size(1);
        if (channel < 0 || channel >= channels) {
            throw new HttpError(HttpError.NOT_FOUND, "tap " + tap + " has channels 0 to " + (channels - 1)
                    + ", not " + channel);
        }
        int h = (int) maps.size(2);
        int w = (int) maps.size(3);
        float[] map = HostArrays.floats(maps.get(NDArrayIndex.point(0), NDArrayIndex.point(channel)).dup('c'));
        int best = 0;
        for (int i = 1; i < map.length; i++) {
            if (map[i] > map[best]) {
                best = i;
            }
        }
        Activation strongest = new Activation(0, channel, best / w, best % w, map[best]);
        INDArray pixels = network.projectActivations(trace, tap, List.of(strongest), rule, false);
        INDArray rgb = Figures.signedToRgb(pixels);
        byte[] png = PngBytes.of(rgb);
        rgb.close();
        pixels.close();
        INDArray input = trace.input();
        Region field = network.receptiveField(tap, Region.at(strongest.y(), strongest.x()))
                .clip((int) input.size(2), (int) input.size(3));
        return new Projection(png, strongest.value(), strongest.y(), strongest.x(), field);
    }

    private static String windowed(Network network) {
        List<String> taps = network.taps().stream().filter(network::windowed).toList();
        return taps.isEmpty() ? "no tap of this network" : String.join(", ", taps);
    }
}

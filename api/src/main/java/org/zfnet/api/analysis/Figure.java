package org.zfnet.api.analysis;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A picture for people, described as data; the launcher renders it to PNG.
 *
 * @param kind    how to map values to colours
 * @param data    {@code [3, H, W]} for {@link Kind#RGB} and {@link Kind#SIGNED}, {@code [H, W]} for {@link Kind#HEATMAP}
 * @param caption one sentence saying what the figure shows
 */
public record Figure(Kind kind, INDArray data, String caption) {

    public Figure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(caption, "caption");
    }

    /** Colour mappings. */
    public enum Kind {
        /** Colours in [0, 1]. */
        RGB,
        /** Signed values scaled about zero to fill the display range, as in the paper's projections. */
        SIGNED,
        /** One value per pixel, min to max mapped through a colour scale. */
        HEATMAP
    }
}

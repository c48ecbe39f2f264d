package org.zfnet.plugin.deconv.internal;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.model.Network;

/** A convolution layer's filters as an image grid (paper Figs. 5 and 6): RGB for the first layer, grey above. */
final class Filters {

    private Filters() {
    }

    static AnalysisResult of(Network network, String layer) {
        INDArray w = network.parameters().get(layer + ".weight");
        if (w == null || w.rank() != 4) {
            throw new InvalidInputException("'" + layer + "' is not a convolution of model " + network.spec().name());
        }
        List<INDArray> tiles = new ArrayList<>();
        for (int k = 0; k < w.size(0); k++) {
            INDArray filter = w.get(NDArrayIndex.point(k)).dup('c');
            INDArray rgb = filter.size(0) == 3 ? filter : filter.mean(0).reshape(1, filter.size(1), filter.size(2))
                    .repeat(0, 3);
            tiles.add(Figures.stretch(rgb));
        }
        int columns = (int) Math.ceil(Math.sqrt(tiles.size()));
        return new AnalysisResult()
                .figure(layer + "-filters", new Figure(Figure.Kind.RGB, Figures.grid(tiles, columns, 1, 1f),
                        "The " + tiles.size() + " filters of " + layer + " (" + w.size(2) + "x" + w.size(3)
                                + "), each stretched to its own range" + (w.size(1) == 3 ? "" : ", channel mean") + "."))
                .array(layer + "_weights", w.dup())
                .summary("layer", layer).summary("filters", w.size(0));
    }
}

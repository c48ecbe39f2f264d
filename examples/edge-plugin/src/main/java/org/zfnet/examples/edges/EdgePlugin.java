package org.zfnet.examples.edges;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.OptionSpec;

/**
 * Sobel edge strength of each input image, an example of a complete third-party plugin.
 *
 * <p>The two 3x3 Sobel filters are applied to the channel mean through the container's
 * {@link org.zfnet.api.backend.ComputeBackend#conv2d}; the edge strength is {@code sqrt(gx^2 + gy^2)}.
 * Input {@code [N, C, H, W]}, output {@code edges} {@code [N, 1, H, W]}.
 */
@Component(service = AnalysisPlugin.class)
public class EdgePlugin implements AnalysisPlugin {

    /** Figures for the first inputs only; the array holds all of them. */
    private static final int FIGURES = 8;
    /** Inputs loaded and filtered at a time. */
    private static final int BATCH = 16;
    private static final float[] SOBEL_X = {-1, 0, 1, -2, 0, 2, -1, 0, 1};
    private static final float[] SOBEL_Y = {-1, -2, -1, 0, 0, 0, 1, 2, 1};

    @Override
    public String id() {
        return "edges";
    }

    @Override
    public String description() {
        return "Sobel edge strength of each input image (an example third-party plugin).";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.decimal("threshold", 0.5,
                "edge strength above which a pixel counts as an edge, for the summary"));
    }

    @Override
    public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
        InputSet inputs = request.requireInputs();
        double threshold = request.floatOption("threshold");
        List<INDArray> batches = new ArrayList<>();
        context.progress().start("edges", inputs.size());
        for (int from = 0; from < inputs.size(); from += BATCH) {
            context.checkCancelled(); // stops a cancelled run here, with the standard exception
            int to = Math.min(inputs.size(), from + BATCH);
            try (INDArray input = inputs.load(from, to)) {
                batches.add(strength(input, context));
            }
            context.progress().advance(to - from);
        }
        INDArray edges = batches.size() == 1 ? batches.get(0) : Nd4j.concat(0, batches.toArray(INDArray[]::new));
        long n = edges.size(0);

        AnalysisResult result = new AnalysisResult().array("edges", edges);
        List<Double> fractions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            INDArray map = edges.get(point(i));
            fractions.add(map.gt(threshold).castTo(DataType.FLOAT).meanNumber().doubleValue());
            if (i < FIGURES) {
                result.figure("edges-" + i, new Figure(Figure.Kind.HEATMAP, edges.get(point(i), point(0)).dup(),
                        "Sobel edge strength of " + inputs.name(i) + "."));
            }
        }
        return result.summary("threshold", threshold)
                .summary("edge_fraction", fractions)
                .summary("max_strength", edges.maxNumber().doubleValue());
    }

    /** {@code [N, 1, H, W]}: the edge strength of a batch {@code [N, C, H, W]}. */
    private static INDArray strength(INDArray input, AnalysisContext context) {
        INDArray gradients = context.backend().conv2d(input, sobelWeights((int) input.size(1)), null,
                org.zfnet.api.backend.ConvGeometry.of(1, 1));
        INDArray gx = gradients.get(all(), point(0)).dup();
        INDArray gy = gradients.get(all(), point(1)).dup();
        INDArray strength = Transforms.sqrt(gx.muli(gx).addi(gy.muli(gy)), false);
        return strength.reshape(input.size(0), 1, input.size(2), input.size(3));
    }

    /** {@code [2, C, 3, 3]}: Sobel x and y, each spread evenly over the input channels (the channel mean). */
    static INDArray sobelWeights(int channels) {
        INDArray weights = Nd4j.create(DataType.FLOAT, 2, channels, 3, 3);
        INDArray x = Nd4j.createFromArray(SOBEL_X).reshape(3, 3).divi(channels);
        INDArray y = Nd4j.createFromArray(SOBEL_Y).reshape(3, 3).divi(channels);
        for (int c = 0; c < channels; c++) {
            weights.get(point(0), point(c)).assign(x);
            weights.get(point(1), point(c)).assign(y);
        }
        return weights;
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }
}

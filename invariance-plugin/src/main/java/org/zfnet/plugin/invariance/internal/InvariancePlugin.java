package org.zfnet.plugin.invariance.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.analysis.Progress;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.Taps;

/**
 * {@code zfnet analyze invariance}: how features and the output change as an image is translated, scaled or rotated
 * (Zeiler and Fergus, Sec. 4.1, Fig. 5): per transformed copy, the Euclidean distance between the original and the
 * transformed feature vectors at each layer (raw and divided by the original's norm) and the probability of the
 * true class (from annotations) or else the original's top class.
 */
@Component(service = AnalysisPlugin.class)
public class InvariancePlugin implements AnalysisPlugin {

    /** Line plots show one line per input up to this many inputs, else the mean per class (this many classes at most). */
    static final int PLOTTED = 8;

    @Override
    public String id() {
        return "invariance";
    }

    @Override
    public String description() {
        return "Invariance of features and output to translation, scaling and rotation (Zeiler and Fergus, Sec. 4.1, Fig. 5).";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.choice("transform", "translate", List.of("translate", "scale", "rotate"),
                        "vertical translation (pixels), scaling about the centre, or rotation about the centre (degrees)"),
                OptionSpec.text("range", "", "from:to, e.g. -28:28; empty = the paper's (+-H/4 px, 1:1.8, 0:350)"),
                OptionSpec.integer("steps", 15, "transformed copies from one end of the range to the other").atLeast(1),
                OptionSpec.text("layers", Taps.AUTO, "taps whose feature vectors are compared; auto = the first convolution and the "
                        + "layer below the class scores (ZFNet: conv1,fc7)"),
                OptionSpec.decimal("fill", 0.0, "value of pixels from outside the image, in input space (0 = mean grey)"));
    }

    @Override
    public List<DemoRun> demo() {
        return List.of(
                DemoRun.of("Invariance to vertical translation", "All sample images shifted up and down: how far the "
                        + "conv1 and fc7 feature vectors move (distance / norm) and the probability of the true class, "
                        + "mean per class (Fig. 5, column 1).", DemoRun.ALL, "transform", "translate"),
                DemoRun.of("Invariance to scale", "All sample images enlarged about their centre: change of the conv1 and "
                        + "fc7 features and the probability of the true class, mean per class (Fig. 5, column 2).",
                        DemoRun.ALL, "transform", "scale"),
                DemoRun.of("Invariance to rotation", "All sample images rotated about their centre: change of the conv1 "
                        + "and fc7 features and the probability of the true class, mean per class (Fig. 5, column 3).",
                        DemoRun.ALL, "transform", "rotate"));
    }

    @Override
    public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
        InputSet inputs = request.requireInputs();
        Network network = context.network();
        Transform transform = Transform.of(request.option("transform"));
        int channels = network.spec().input().get(0);
        int height = network.spec().input().get(1);
        int width = network.spec().input().get(2);
        double[] values = values(request.option("range"), request.intOption("steps"), transform, height);
        List<String> layers = Taps.listed(network, "layers", request.option("layers"),
                () -> List.of(Taps.firstConvolution(network), Taps.penultimate(network)));
        float fill = (float) request.floatOption("fill");
        int n = inputs.size();
        int steps = values.length;
        float[][][] distance = new float[layers.size()][n][steps];
        float[][][] normalised = new float[layers.size()][n][steps];
        float[][] probability = new float[n][steps];
        List<String> watched = new ArrayList<>();
        Progress progress = context.progress();
        progress.start("invariance (" + transform.name().toLowerCase(Locale.ROOT) + ")", n);
        for (int i = 0; i < n; i++) {
            context.checkCancelled();
            try (INDArray image = inputs.load(i, i + 1)) {
                float[] pixels = HostArrays.floats(image);
                float[] batch = new float[(steps + 1) * pixels.length];
                System.arraycopy(pixels, 0, batch, 0, pixels.length);
                for (int s = 0; s < steps; s++) {
                    System.arraycopy(transform.apply(pixels, channels, height, width, values[s], fill), 0, batch,
                            (s + 1) * pixels.length, pixels.length);
                }
                try (INDArray x = HostArrays.floats(batch, steps + 1, channels, height, width);
                        ForwardTrace trace = network.forward(x)) {
                    for (int l = 0; l < layers.size(); l++) {
                        float[] f = HostArrays.floats(trace.tap(layers.get(l)));
                        int per = f.length / (steps + 1);
                        double norm = 0;
                        for (int k = 0; k < per; k++) {
                            norm += (double) f[k] * f[k];
                        }
                        norm = Math.sqrt(norm);
                        for (int s = 0; s < steps; s++) {
                            double sum = 0;
                            for (int k = 0; k < per; k++) {
                                double d = f[k] - f[(s + 1) * per + k];
                                sum += d * d;
                            }
                            distance[l][i][s] = (float) Math.sqrt(sum);
                            normalised[l][i][s] = (float) (norm > 0 ? Math.sqrt(sum) / norm : 0);
                        }
                    }
                    INDArray prob = trace.output(network.spec().layers().size() - 1);
                    int target = target(inputs, i, network, prob);
                    watched.add(network.spec().label(target));
                    for (int s = 0; s < steps; s++) {
                        probability[i][s] = prob.getFloat(s + 1, target);
                    }
                }
            }
            progress.advance(1);
        }
        return result(inputs, transform, values, layers, distance, normalised, probability, watched);
    }

    /** The annotated class when there is one, else the untransformed image's most probable class. */
    private static int target(InputSet inputs, int i, Network network, INDArray prob) {
        var annotation = inputs.annotation(i);
        if (annotation.isPresent()) {
            int label = network.spec().labels().indexOf(annotation.get().className());
            if (label >= 0) {
                return label;
            }
        }
        return prob.getRow(0).argMax().getInt(0);
    }

    static double[] values(String range, int steps, Transform transform, int height) {
        if (steps < 2) {
            throw new InvalidInputException("--steps must be at least 2, got " + steps);
        }
        double[] ends;
        if (range.isBlank()) {
            ends = transform.defaultRange(height);
        } else {
            String[] parts = range.trim().split(":");
            try {
                ends = new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
            } catch (RuntimeException e) {
                throw new InvalidInputException("--range is from:to, e.g. -28:28 or 1:1.8; got '" + range + "'");
            }
        }
        double[] values = new double[steps];
        for (int s = 0; s < steps; s++) {
            values[s] = ends[0] + (ends[1] - ends[0]) * s / (steps - 1);
        }
        return values;
    }

    private static AnalysisResult result(InputSet inputs, Transform transform, double[] values, List<String> layers,
            float[][][] distance, float[][][] normalised, float[][] probability, List<String> watched) {
        AnalysisResult result = new AnalysisResult();
        String name = transform.name().toLowerCase(Locale.ROOT);
        int n = inputs.size();
        String per = n <= PLOTTED ? "per image" : "mean per class";
        for (int l = 0; l < layers.size(); l++) {
            Map<String, double[]> lines = lines(inputs, watched, normalised[l]);
            result.figure(name + "-" + layers.get(l), new Figure(Figure.Kind.RGB, Figures.linePlot(
                    layers.get(l) + ": change of features, " + name, transform.axis, "distance / norm", values, lines),
                    "Euclidean distance between the original and transformed " + layers.get(l) + " feature vectors, "
                            + "divided by the original's norm, " + per + " (Fig. 5)."));
        }
        result.figure(name + "-probability", new Figure(Figure.Kind.RGB, Figures.linePlot("probability of the true class, "
                + name, transform.axis, "probability", values, lines(inputs, watched, probability)), "Probability of the "
                + "true class (or the original top class) under the transformation, " + per + " (Fig. 5, last column)."));
        StringBuilder csv = new StringBuilder("input,class,value");
        layers.forEach(l -> csv.append(',').append(l).append("_distance,").append(l).append("_normalised"));
        csv.append(",probability\n");
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < values.length; s++) {
                csv.append(inputs.name(i)).append(',').append(watched.get(i)).append(',').append(values[s]);
                for (int l = 0; l < layers.size(); l++) {
                    csv.append(',').append(distance[l][i][s]).append(',').append(normalised[l][i][s]);
                }
                csv.append(',').append(probability[i][s]).append('\n');
            }
        }
        Map<String, Object> meanNormalised = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            double[] mean = new double[values.length];
            for (int s = 0; s < values.length; s++) {
                for (int i = 0; i < n; i++) {
                    mean[s] += normalised[l][i][s] / n;
                }
            }
            meanNormalised.put(layers.get(l), mean);
        }
        double[] meanProbability = new double[values.length];
        for (int s = 0; s < values.length; s++) {
            for (int i = 0; i < n; i++) {
                meanProbability[s] += probability[i][s] / n;
            }
        }
        return result.text(name + ".csv", csv.toString())
                .array("values", Nd4j.createFromArray(values).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT))
                .array("distance", HostArrays.floats(flatten(distance), layers.size(), n, values.length))
                .array("normalised_distance", HostArrays.floats(flatten(normalised), layers.size(), n, values.length))
                .array("probability", HostArrays.floats(flatten(probability), n, values.length))
                .summary("transform", name).summary("values", values).summary("layers", layers)
                .summary("mean_normalised_distance", meanNormalised).summary("mean_probability", meanProbability);
    }

    /** One line per input when there are few, else the mean over the inputs of each class. */
    static Map<String, double[]> lines(InputSet inputs, List<String> classes, float[][] perInput) {
        int n = perInput.length;
        Map<String, double[]> lines = new LinkedHashMap<>();
        if (n <= PLOTTED) {
            for (int i = 0; i < n; i++) {
                double[] line = new double[perInput[i].length];
                for (int s = 0; s < line.length; s++) {
                    line[s] = perInput[i][s];
                }
                lines.put(inputs.name(i) + " (" + classes.get(i) + ")", line);
            }
            return lines;
        }
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            members.computeIfAbsent(classes.get(i), c -> new ArrayList<>()).add(i);
        }
        members.entrySet().stream().limit(PLOTTED).forEach(e -> {
            double[] mean = new double[perInput[0].length];
            for (int i : e.getValue()) {
                for (int s = 0; s < mean.length; s++) {
                    mean[s] += perInput[i][s] / (double) e.getValue().size();
                }
            }
            lines.put(e.getKey() + " (mean of " + e.getValue().size() + ")", mean);
        });
        return lines;
    }

    private static float[] flatten(float[][] a) {
        int per = a[0].length;
        float[] out = new float[a.length * per];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, i * per, per);
        }
        return out;
    }

    private static float[] flatten(float[][][] a) {
        int per = a[0].length * a[0][0].length;
        float[] out = new float[a.length * per];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(flatten(a[i]), 0, out, i * per, per);
        }
        return out;
    }
}

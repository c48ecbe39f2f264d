package org.zfnet.plugin.occlusion.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.dto.ObjectAnnotation;
import org.zfnet.api.model.Network;

/**
 * The result of occlusion over a dataset from its merged {@link OcclusionState}, inputs in {@link NameOrder}: the maps
 * of every input stacked ({@code [N, rows, cols]}, or {@code [rows, cols]} for one input) with the attributions ({@code
 * [N, H, W]}), a report row per input, the totals, and the figures of the first {@link OcclusionWork#FIGURES_FOR}
 * inputs (suffixed {@code -i}, the input's place, when there are several). The summary's {@code seconds} are those
 * spent occluding, summed over the inputs wherever they ran.
 */
final class OcclusionReport {

    private OcclusionReport() {
    }

    /** {@code fill}: the option's value as given, for the summary. */
    static AnalysisResult of(OcclusionState state, Settings settings, double fill, Network network) {
        Grid grid = settings.grid();
        int n = state.inputs().size();
        AnalysisResult result = new AnalysisResult();
        float[][] probability = new float[n][];
        float[][] logProbability = new float[n][];
        float[][] features = new float[n][];
        int[][] classes = new int[n][];
        float[][] attribution = new float[n][];
        List<Map<String, Object>> rows = new ArrayList<>();
        int hits = 0;
        int annotated = 0;
        long macs = 0;
        long naiveMacs = 0;
        double seconds = 0;
        Set<String> naiveBecause = new TreeSet<>();
        int i = 0;
        for (var e : state.inputs().entrySet()) {
            Occluded o = e.getValue();
            probability[i] = o.maps().probability();
            logProbability[i] = toFloat(o.maps().logProbability());
            features[i] = o.maps().feature();
            classes[i] = o.maps().topClass();
            attribution[i] = Attribution.of(grid, o.probability(), o.maps().probability());
            macs += o.macs();
            naiveMacs += o.naiveMacs();
            seconds += o.seconds();
            o.naiveBecause().ifPresent(naiveBecause::add);
            Map<String, Object> row = row(e.getKey(), o, network, grid);
            if (o.annotation().isPresent()) {
                annotated++;
                hits += Boolean.TRUE.equals(row.get("lowest_overlaps_object")) ? 1 : 0;
            }
            rows.add(row);
            if (i < OcclusionWork.FIGURES_FOR) {
                Picture picture = state.pictures().get(e.getKey());
                if (picture == null) {
                    throw new IllegalStateException("the picture of input " + e.getKey() + " was not merged into the "
                            + "state before it finished");
                }
                figures(result, network, e.getKey(), i, n, settings, o, attribution[i], picture);
            }
            i++;
        }
        result.array("class_probability", stack(probability, grid.rows(), grid.cols()))
                .array("log_probability", stack(logProbability, grid.rows(), grid.cols()))
                .array("feature_activation", stack(features, grid.rows(), grid.cols()))
                .array("top_class", stackInts(classes, grid.rows(), grid.cols()))
                .array("attribution", stack(attribution, grid.height(), grid.width()));
        result.summary("patch", grid.patch()).summary("stride", grid.stride()).summary("fill", fill)
                .summary("layer", settings.tap()).summary("mode", settings.mode())
                .summary("grid", List.of(grid.rows(), grid.cols())).summary("positions_per_input", grid.positions())
                .summary("seconds", Math.round(seconds * 1000) / 1000.0)
                .summary("naive_macs", naiveMacs);
        if (!naiveBecause.isEmpty()) {
            result.summary("exact_computed_naively_because", String.join("; ", naiveBecause));
        }
        if (!settings.mode().equals("naive")) {
            result.summary("macs", macs).summary("macs_saved_factor", macs == 0 ? 0 : Math.round(100.0 * naiveMacs / macs) / 100.0);
        }
        double fastError = rows.stream().filter(r -> r.containsKey("fast_max_abs_error"))
                .mapToDouble(r -> (Double) r.get("fast_max_abs_error")).max().orElse(-1);
        if (fastError >= 0) {
            result.summary("fast_max_abs_error", fastError);
        }
        if (annotated > 0) {
            result.summary("annotated_inputs", annotated).summary("lowest_overlaps_object", hits)
                    .summary("lowest_overlaps_object_fraction", (double) hits / annotated);
        }
        return result.summary("inputs", rows);
    }

    private static Map<String, Object> row(String name, Occluded o, Network network, Grid grid) {
        Maps maps = o.maps();
        int lowest = o.lowest();
        List<Integer> box = List.of(grid.left(lowest), grid.top(lowest), grid.patch(), grid.patch());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("input", name);
        row.put("target_class", o.target());
        row.put("target_label", network.spec().label(o.target()));
        row.put("unoccluded_probability", o.probability());
        row.put("feature_channel", o.channel());
        row.put("lowest_probability", maps.probability()[lowest]);
        row.put("lowest_log_probability", maps.logProbability()[lowest]);
        row.put("lowest_square", box);
        Set<Integer> seen = new TreeSet<>();
        for (int c : maps.topClass()) {
            seen.add(c);
        }
        row.put("top_classes_seen", seen.stream().map(network.spec()::label).toList());
        o.annotation().ifPresent(a -> {
            row.put("object_class", a.className());
            row.put("lowest_overlaps_object", overlaps(box, a.object()));
            row.put("lowest_covers_part", coveredParts(box, a));
        });
        o.estimate().ifPresent(estimate -> {
            row.put("fast_computed_positions", estimate.computed());
            row.put("fast_interpolated_positions", estimate.interpolated());
            row.put("fast_error_sample", estimate.sampled());
            row.put("fast_max_abs_error", estimate.maxError());
            row.put("fast_mean_abs_error", estimate.meanError());
        });
        return row;
    }

    private static boolean overlaps(List<Integer> square, List<Double> box) {
        return square.get(0) < box.get(0) + box.get(2) && box.get(0) < square.get(0) + square.get(2)
                && square.get(1) < box.get(1) + box.get(3) && box.get(1) < square.get(1) + square.get(3);
    }

    private static List<String> coveredParts(List<Integer> square, ObjectAnnotation a) {
        List<String> parts = new ArrayList<>();
        a.parts().forEach((name, box) -> {
            if (overlaps(square, box)) {
                parts.add(name);
            }
        });
        return parts;
    }

    private static void figures(AnalysisResult result, Network network, String name, int i, int n, Settings settings,
            Occluded o, float[] attribution, Picture picture) {
        Grid grid = settings.grid();
        Maps maps = o.maps();
        String suffix = n == 1 ? "" : "-" + i;
        INDArray display = picture.display().array();
        String label = network.spec().label(o.target());
        result.figure("input" + suffix, new Figure(Figure.Kind.RGB, display, "Input " + name + ": " + label + " with p = "
                + String.format(Locale.ROOT, "%.3f", o.probability()) + " unoccluded."));
        result.figure("class-probability" + suffix, new Figure(Figure.Kind.RGB, Pictures.over(display,
                toFloat(maps.logProbability()), grid), "Probability of '" + label + "' with a " + grid.patch()
                + "-pixel grey square centred at each point, on a log scale (yellow high, dark blue low): the dark "
                + "region is what the network relies on (Fig. 7 (d))."));
        result.figure("feature-activation" + suffix, new Figure(Figure.Kind.RGB, Pictures.over(display, maps.feature(), grid),
                "Total activation of " + settings.tap() + " channel " + o.channel() + " (the strongest on the unoccluded "
                        + "image) with the square at each point (Fig. 7 (b))."));
        result.figure("top-class" + suffix, new Figure(Figure.Kind.RGB, Pictures.classMap(display, maps.topClass(), grid,
                network.spec().labels().isEmpty() ? labels(network, maps) : network.spec().labels()),
                "Most probable class with the square at each point (Fig. 7 (e))."));
        result.figure("attribution" + suffix, new Figure(Figure.Kind.RGB, Figures.heatmapOver(display,
                HostArrays.floats(attribution, grid.height(), grid.width()), 0.6),
                "Attribution: per pixel, the mean drop in probability over the squares covering it (Captum's Occlusion)."));
        picture.projection().ifPresent(projection -> result.figure("projection" + suffix, new Figure(Figure.Kind.SIGNED,
                projection.array(), "Deconv projection of " + settings.tap() + " channel " + o.channel()
                        + "'s strongest activation (Fig. 7 (c)).")));
    }

    /** The default labels of the classes up to the highest that the map shows. */
    private static List<String> labels(Network network, Maps maps) {
        int classes = java.util.Arrays.stream(maps.topClass()).max().orElse(0) + 1;
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            labels.add(network.spec().label(c));
        }
        return labels;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static INDArray stack(float[][] maps, int rows, int cols) {
        float[] all = new float[maps.length * rows * cols];
        for (int i = 0; i < maps.length; i++) {
            System.arraycopy(maps[i], 0, all, i * rows * cols, rows * cols);
        }
        return maps.length == 1 ? HostArrays.floats(all, rows, cols)
                : HostArrays.floats(all, maps.length, rows, cols);
    }

    private static INDArray stackInts(int[][] maps, int rows, int cols) {
        int[] all = new int[maps.length * rows * cols];
        for (int i = 0; i < maps.length; i++) {
            System.arraycopy(maps[i], 0, all, i * rows * cols, rows * cols);
        }
        INDArray flat = Nd4j.createFromArray(all);
        return maps.length == 1 ? flat.reshape('c', rows, cols) : flat.reshape('c', maps.length, rows, cols);
    }
}

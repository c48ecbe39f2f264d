package org.zfnet.plugin.stats.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.model.Taps;

/**
 * The result of {@link ActivationStatistics} from its merged state: per tap an array {@code <tap>-stats}
 * {@code [channels, 6]} (float32, columns {@link #COLUMNS}) and a figure of its channels by their mean peak, after one
 * figure of how often the channels of each tap are active ({@link #OVERVIEW}); and a summary per tap in
 * {@code report.json}.
 */
final class StatsReport {

    /** The columns of each {@code <tap>-stats} array, in order. */
    static final List<String> COLUMNS = List.of("mean", "std", "min", "max", "fraction_active", "mean_of_maxima");

    /** The figure of how often the channels of each tap are active. */
    static final String OVERVIEW = "fraction-active";

    /** Taps drawn in the figure of fraction active, at most (spread from the first to the last). */
    static final int PLOTTED = 8;

    /** Points of each tap's curve in the figure of fraction active: every percent of its channels. */
    private static final int PERCENTS = 101;

    private StatsReport() {
    }

    static AnalysisResult of(StatsState state) {
        List<String> plotted = Taps.spread(List.copyOf(state.taps().keySet()), PLOTTED);
        AnalysisResult result = new AnalysisResult().figure(OVERVIEW, activity(state, plotted));
        Map<String, Object> perTap = new LinkedHashMap<>();
        for (Map.Entry<String, TapStats> e : state.taps().entrySet()) {
            String tap = e.getKey();
            TapStats s = e.getValue();
            result.array(tap + "-stats", HostArrays.floats(table(s), s.channels(), COLUMNS.size()));
            result.figure(channelsFigure(tap), peaks(tap, s));
            perTap.put(tap, summary(s));
        }
        return result.summary("inputs", state.taps().values().iterator().next().inputs)
                .summary("columns", COLUMNS)
                .summary("taps", perTap);
    }

    /** The name of the figure of a tap's channels by their mean peak. */
    static String channelsFigure(String tap) {
        return tap + "-channels";
    }

    /** The rows of {@code <tap>-stats}: one per channel, the {@link #COLUMNS}. */
    private static float[] table(TapStats s) {
        int width = COLUMNS.size();
        float[] table = new float[s.channels() * width];
        for (int c = 0; c < s.channels(); c++) {
            double[] row = {s.mean[c], s.std(c), s.min[c], s.max[c], s.fractionActive(c), s.meanOfMaxima(c)};
            for (int k = 0; k < width; k++) {
                table[c * width + k] = (float) row[k];
            }
        }
        return table;
    }

    private static Map<String, Object> summary(TapStats s) {
        List<Integer> dead = IntStream.range(0, s.channels()).filter(c -> s.active[c] == 0).boxed().toList();
        double meanFraction = IntStream.range(0, s.channels()).mapToDouble(s::fractionActive).average().orElseThrow();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("channels", s.channels());
        summary.put("values_per_channel", s.count);
        summary.put("dead_channels", dead.size());
        summary.put("dead", dead);
        summary.put("mean_fraction_active", meanFraction);
        return summary;
    }

    /** The tap's channels sorted by their mean peak (mean over inputs of the greatest value), with their means. */
    private static Figure peaks(String tap, TapStats s) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, s.channels()).boxed().toList());
        order.sort(Comparator.comparingDouble((Integer c) -> -s.meanOfMaxima(c)).thenComparing(c -> c));
        double[] rank = new double[order.size()];
        double[] peak = new double[order.size()];
        double[] mean = new double[order.size()];
        for (int r = 0; r < order.size(); r++) {
            rank[r] = r;
            peak[r] = s.meanOfMaxima(order.get(r));
            mean[r] = s.mean[order.get(r)];
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("mean peak", peak);
        series.put("mean", mean);
        return new Figure(Figure.Kind.RGB, Figures.linePlot(tap + ": channels by mean peak", "channel rank",
                "activation", rank, series), "The " + s.channels() + " channels of " + tap + " sorted by their mean peak "
                + "(the mean over " + s.inputs + " inputs of each input's greatest value of the channel), with each "
                + "channel's mean over all inputs and positions.");
    }

    /**
     * For each plotted tap, the fraction of values above zero of its channels sorted from the most to the least
     * active, at every percent of its channels (taps of different widths share the axis).
     */
    private static Figure activity(StatsState state, List<String> plotted) {
        double[] percent = new double[PERCENTS];
        for (int q = 0; q < PERCENTS; q++) {
            percent[q] = q;
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String tap : plotted) {
            TapStats s = state.taps().get(tap);
            double[] sorted = IntStream.range(0, s.channels()).mapToDouble(s::fractionActive).sorted().toArray();
            double[] curve = new double[PERCENTS];
            for (int q = 0; q < PERCENTS; q++) {
                curve[q] = sorted[sorted.length - 1 - (int) Math.round(q / 100.0 * (sorted.length - 1))];
            }
            series.put(tap, curve);
        }
        return new Figure(Figure.Kind.RGB, Figures.linePlot("fraction of positions active", "% of channels, most "
                + "active first", "fraction > 0", percent, series), "How often the channels of " + String.join(", ",
                plotted) + " are active (above zero) over all inputs and positions, channels sorted from the most to "
                + "the least active; a channel at 0 is dead on these inputs.");
    }
}

package org.zfnet.plugin.correspondence.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zfnet.api.analysis.AnalysisResult;

/** The correspondence numbers as report.json entries and as a Table-1-style table in Markdown and HTML. */
final class Tables {

    private Tables() {
    }

    static AnalysisResult result(Collection<String> rows, List<String> layers, Map<String, Map<String, List<Double>>> deltas,
            Map<String, Map<String, List<Double>>> randoms, int trials, int group, int draws) {
        Map<String, Object> json = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder("| part |");
        StringBuilder html = new StringBuilder("<h2>Correspondence (Table 1)</h2>\n<table><tr><th>part</th>");
        for (String layer : layers) {
            md.append(" Δ ").append(layer).append(" | random Δ ").append(layer).append(" |");
            html.append("<th>Δ ").append(layer).append("</th><th>random Δ ").append(layer).append("</th>");
        }
        md.append("\n|---|").append("---|---|".repeat(layers.size())).append("\n");
        html.append("</tr>\n");
        for (String row : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            Map<String, Object> delta = new LinkedHashMap<>();
            Map<String, Object> random = new LinkedHashMap<>();
            md.append("| ").append(row).append(" |");
            html.append("<tr><td>").append(row).append("</td>");
            for (String layer : layers) {
                List<Double> d = deltas.get(row).get(layer);
                List<Double> r = randoms.get(row).get(layer);
                double dm = mean(d);
                delta.put(layer, dm);
                Map<String, Object> stats = new LinkedHashMap<>();
                stats.put("mean", mean(r));
                stats.put("std", std(r));
                random.put(layer, stats);
                String deltaText = CorrespondencePlugin.number(dm) + (d.size() > 1 ? " ± " + CorrespondencePlugin.number(std(d)) : "");
                String randomText = r.isEmpty() ? "–" : CorrespondencePlugin.number(mean(r)) + " ± " + CorrespondencePlugin.number(std(r));
                md.append(' ').append(deltaText).append(" | ").append(randomText).append(" |");
                html.append("<td>").append(deltaText).append("</td><td>").append(randomText).append("</td>");
            }
            md.append('\n');
            html.append("</tr>\n");
            entry.put("delta", delta);
            if (trials > 1) {
                Map<String, Object> spread = new LinkedHashMap<>();
                layers.forEach(l -> spread.put(l, std(deltas.get(row).get(l))));
                entry.put("delta_std", spread);
            }
            entry.put("random", random);
            json.put(row, entry);
        }
        html.append("</table>\n<p>Δ: mean normalised Hamming distance between the signs of the feature changes of every "
                + "ordered pair of images (lower = the part is encoded more consistently); random: boxes of the same sizes "
                + "at random places, ").append(draws).append(" draws; ").append(trials).append(" trial(s) of ")
                .append(group).append(" images.</p>\n");
        AnalysisResult result = new AnalysisResult().text("table.md", md.toString()).text("table.html", html.toString())
                .summary("parts", json).summary("trials", trials).summary("images_per_trial", group)
                .summary("random_draws", draws);
        if (json.size() == 1) {
            @SuppressWarnings("unchecked")
            Map<String, Object> only = (Map<String, Object>) json.values().iterator().next();
            result.summary("delta", only.get("delta")).summary("random", only.get("random"));
        }
        return result;
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double std(List<Double> v) {
        if (v.size() < 2) {
            return 0;
        }
        double m = mean(v);
        return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
    }
}

package org.zfnet.cli.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.Figure;
import org.zfnet.formats.AtomicFiles;

/**
 * Renders an analysis result under {@code --out}: arrays as {@code .npy}, figures as PNG (named by {@link
 * ResultFiles}), the summary with the settings and which file holds which result as {@code report.json}, and an
 * {@code index.html} that shows the figures with their captions and the command that regenerates them.
 */
final class ResultWriter {

    private ResultWriter() {
    }

    static void write(Outputs outputs, String plugin, AnalysisResult result, Map<String, Object> settings, String command) {
        ResultFiles files = ResultFiles.of(result);
        for (Map.Entry<String, INDArray> a : result.arrays().entrySet()) {
            outputs.array(files.arrays().get(a.getKey()), a.getValue());
        }
        for (Map.Entry<String, Figure> f : result.figures().entrySet()) {
            Png.write(outputs.dir().resolve(files.figures().get(f.getKey())), f.getValue());
        }
        for (Map.Entry<String, String> t : result.texts().entrySet()) {
            byte[] bytes = t.getValue().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(outputs.dir().resolve(files.texts().get(t.getKey())), out -> out.write(bytes));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("analysis", plugin);
        report.put("command", command);
        report.put("settings", settings);
        report.putAll(result.summary());
        report.put("files", files.byFile());
        outputs.json("report.json", report);
        String html = html(plugin, result, settings, command);
        AtomicFiles.write(outputs.dir().resolve("index.html"), out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    static String html(String plugin, AnalysisResult result, Map<String, Object> settings, String command) {
        ResultFiles files = ResultFiles.of(result);
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>zfnet ").append(escape(plugin))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}"
                        + "figure{margin:1.5em 0}img{max-width:100%;image-rendering:pixelated;border:1px solid #ccc}"
                        + "code,pre{background:#f4f4f4;padding:.2em .4em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ddd;padding:.2em .6em;text-align:left}</style></head><body>\n");
        h.append("<h1>zfnet analyze ").append(escape(plugin)).append("</h1>\n");
        h.append("<p>Regenerate with:</p><pre>").append(escape(command)).append("</pre>\n");
        for (Map.Entry<String, Figure> f : result.figures().entrySet()) {
            h.append("<figure><img src=\"").append(escape(files.figures().get(f.getKey()))).append("\" alt=\"").append(escape(f.getKey()))
                    .append("\"><figcaption>").append(escape(f.getValue().caption())).append("</figcaption></figure>\n");
        }
        for (Map.Entry<String, String> t : result.texts().entrySet()) {
            if (t.getKey().endsWith(".html")) {
                h.append(t.getValue()).append("\n");
            }
        }
        h.append("<h2>Settings</h2>\n<table>");
        settings.forEach((k, v) -> h.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(String.valueOf(v)))
                .append("</td></tr>"));
        h.append("</table>\n");
        if (!result.arrays().isEmpty()) {
            h.append("<h2>Arrays</h2>\n<ul>");
            for (Map.Entry<String, INDArray> a : result.arrays().entrySet()) {
                String file = escape(files.arrays().get(a.getKey()));
                h.append("<li><a href=\"").append(file).append("\">").append(file).append("</a> ").append(escape(java.util.Arrays.toString(a.getValue().shape()))).append("</li>");
            }
            h.append("</ul>\n");
        }
        if (!result.texts().isEmpty()) {
            h.append("<h2>Files</h2>\n<ul>");
            result.texts().keySet().forEach(name -> h.append("<li><a href=\"").append(escape(files.texts().get(name))).append("\">")
                    .append(escape(name)).append("</a></li>"));
            h.append("</ul>\n");
        }
        h.append("<p>Summary numbers are in <a href=\"report.json\">report.json</a>.</p>\n</body></html>\n");
        return h.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}

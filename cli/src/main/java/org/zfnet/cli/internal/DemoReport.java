package org.zfnet.cli.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.analysis.Figure;
import org.zfnet.data.ProceduralDataset;
import org.zfnet.formats.AtomicFiles;

/**
 * The demo's report: one HTML file with every figure embedded (it can be mailed or archived on its own), each with
 * its caption and the command that regenerates it; the sections' folders hold the arrays and full-size files.
 */
final class DemoReport {

    /** Figures wider than this take a row of their own. */
    private static final int WIDE = 700;
    /** Figures named {@code <kind>-<input index>} belong to one input's row. */
    private static final Pattern PER_INPUT = Pattern.compile(".*-(\\d+)");
    /** A section's only figure is enlarged by a whole factor (up to 4) towards this width. */
    private static final int SINGLE = 900;
    /** In sections of several figures, three of this width fit side by side. */
    private static final int SIDE_BY_SIDE = 440;

    /**
     * @param images  the command that renders the sample images, or (when {@code samples} is false) the user's images
     * @param samples whether the runs saw the procedural samples
     */
    record Header(String model, String weights, String backend, String images, boolean samples, double seconds) {
    }

    /** One demo run: done ({@code written} set), failed ({@code failure} set) or skipped ({@code skipped} set). */
    record Section(PluginEntry plugin, String title, DemoRun run, Path dir, String command,
            AnalysisRunner.Written written, double seconds, String failure, String skipped) {

        static Section done(PluginEntry plugin, DemoRun run, Path dir, String command, AnalysisRunner.Written written,
                double seconds) {
            return new Section(plugin, run.title(), run, dir, command, written, seconds, null, null);
        }

        static Section failed(PluginEntry plugin, String title, String failure) {
            return new Section(plugin, title, null, null, null, null, 0, failure, null);
        }

        static Section skipped(PluginEntry plugin, String title, String why) {
            return new Section(plugin, title, null, null, null, null, 0, null, why);
        }
    }

    private DemoReport() {
    }

    /** Writes {@code out/index.html} atomically and returns its path. */
    static Path write(Path out, Header header, List<Section> sections) {
        String html = html(out, header, sections);
        Path file = out.resolve("index.html");
        AtomicFiles.write(file, o -> o.write(html.getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    static String html(Path out, Header header, List<Section> sections) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>zfnet demo: ").append(esc(header.model())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;max-width:90em;margin:2em auto;padding:0 1em;color:#222;"
                        + "line-height:1.4}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}"
                        + "pre{background:#f4f4f4;padding:.5em .8em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}"
                        + ".figs{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}"
                        + ".figs.row{flex-wrap:nowrap;margin-bottom:1em}figure{margin:0;max-width:100%}"
                        + "figure.wide{flex-basis:100%}figure img{width:100%;height:auto;border:1px solid #ccc;"
                        + "image-rendering:pixelated}"
                        + "figcaption{font-size:.85em;color:#555}.meta{font-size:.85em;color:#777}"
                        + ".failed{color:#a00;font-weight:bold}.skipped{color:#777;font-style:italic}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}"
                        + "</style></head><body>\n");
        h.append("<h1>Inside a convolutional network: ").append(esc(header.model())).append("</h1>\n");
        h.append("<p>The analyses of Zeiler and Fergus, <i>Visualizing and Understanding Convolutional Networks</i> "
                + "(ECCV 2014, <a href=\"https://arxiv.org/abs/1311.2901\">arXiv 1311.2901</a>), run by "
                + "<code>zfnet demo</code> on ").append(header.samples() ? "procedurally rendered images whose objects "
                + "and parts are known" : "the images given").append(".</p>\n");
        long done = sections.stream().filter(s -> s.written() != null).count();
        long skipped = sections.stream().filter(s -> s.skipped() != null).count();
        long failed = sections.size() - done - skipped;
        h.append("<table>");
        row(h, "model", esc(header.model()));
        row(h, "weights", esc(header.weights()));
        row(h, "backend", esc(header.backend()));
        row(h, header.samples() ? "sample images" : "images", "<code>" + esc(header.images()) + "</code>");
        row(h, "analyses", done + " done" + (failed > 0 ? ", " + failed + " failed" : "")
                + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        row(h, "time", String.format(Locale.ROOT, "%.0f s", header.seconds()));
        row(h, "made", esc(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))));
        h.append("</table>\n");
        if (header.samples()) {
            samples(h, out.resolve("samples").resolve("val"));
        }
        h.append("<h2>Contents</h2>\n<ol>");
        for (int i = 0; i < sections.size(); i++) {
            h.append("<li><a href=\"#s").append(i + 1).append("\">").append(esc(sections.get(i).title())).append("</a>")
                    .append(sections.get(i).failure() != null ? " (failed)" : "")
                    .append(sections.get(i).skipped() != null ? " (skipped)" : "").append("</li>");
        }
        h.append("</ol>\n");
        for (int i = 0; i < sections.size(); i++) {
            section(h, out, i + 1, sections.get(i));
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void samples(StringBuilder h, Path split) {
        h.append("<h2>Sample images</h2>\n<p>The first of each class; objects, parts and their boxes are known "
                + "(<code>annotations.json</code>).</p>\n<div class=\"figs\">");
        for (String c : ProceduralDataset.CLASSES) {
            Path first = split.resolve(c).resolve(c + "_00000.png");
            if (Files.isRegularFile(first)) {
                h.append("<figure><img src=\"").append(dataUri(first)).append("\" alt=\"").append(c)
                        .append("\"><figcaption>").append(c).append(" (").append(first.getFileName())
                        .append(")</figcaption></figure>");
            }
        }
        h.append("</div>\n");
    }

    private static void section(StringBuilder h, Path out, int number, Section s) {
        h.append("<section id=\"s").append(number).append("\"><h2>").append(number).append(". ").append(esc(s.title()))
                .append("</h2>\n");
        if (s.failure() != null) {
            h.append("<p class=\"failed\">Failed: ").append(esc(s.failure())).append("</p></section>\n");
            return;
        }
        if (s.skipped() != null) {
            h.append("<p class=\"skipped\">Skipped: ").append(esc(s.skipped())).append(".</p></section>\n");
            return;
        }
        h.append("<p>").append(esc(s.run().caption())).append("</p>\n");
        h.append("<pre>").append(esc(s.command())).append("</pre>\n");
        List<Map.Entry<String, Figure>> shown = s.written().result().figures().entrySet().stream()
                .filter(f -> s.run().shows(f.getKey())).toList();
        Map<String, List<Map.Entry<String, Figure>>> rows = new LinkedHashMap<>();
        for (Map.Entry<String, Figure> f : shown) {
            Matcher m = PER_INPUT.matcher(f.getKey());
            rows.computeIfAbsent(m.matches() ? m.group(1) : "", k -> new ArrayList<>()).add(f);
        }
        if (rows.values().stream().allMatch(g -> g.size() == 1)) {
            rows = Map.of("", shown);
        }
        Map<String, String> files = ResultFiles.of(s.written().result()).figures();
        rows.forEach((input, figures) -> {
            boolean row = !input.isEmpty();
            h.append("<div class=\"figs").append(row ? " row" : "").append("\">");
            for (Map.Entry<String, Figure> f : figures) {
                figure(h, s.dir().resolve(files.get(f.getKey())), f.getKey(), f.getValue().caption(), shown.size() == 1, row);
            }
            h.append("</div>\n");
        });
        s.written().result().texts().forEach((name, text) -> {
            if (name.endsWith(".html")) {
                h.append(text.replace("<h2", "<h3").replace("</h2>", "</h3>")).append('\n');
            }
        });
        String folder = out.relativize(s.dir()).toString().replace('\\', '/');
        h.append("<p class=\"meta\">").append(esc(s.plugin().id())).append(" (").append(esc(s.plugin().bundle()))
                .append(' ').append(esc(s.plugin().version())).append("), ")
                .append(String.format(Locale.ROOT, "%.1f s", s.seconds())).append(". All files: <a href=\"")
                .append(esc(folder)).append("/index.html\">").append(esc(folder)).append("/</a></p></section>\n");
    }

    /**
     * One figure: a section's only figure is enlarged by a whole factor; figures of one input share a row in
     * proportion to their widths, shrunk to fit; others are shown side by side, three to a row at most.
     */
    private static void figure(StringBuilder h, Path png, String name, String caption, boolean alone, boolean row) {
        int w = width(png);
        h.append("<figure");
        if (row && w > 0) {
            h.append(" style=\"flex:0 1 ").append(w).append("px\"");
        } else if (w > 0) {
            int display = alone ? w * Math.max(1, Math.min(4, Math.round(SINGLE / (float) w))) : Math.min(w, SIDE_BY_SIDE);
            h.append(display > WIDE ? " class=\"wide\"" : "").append(" style=\"width:").append(display).append("px\"");
        }
        h.append("><img src=\"").append(dataUri(png)).append("\" alt=\"").append(esc(name)).append("\"><figcaption>")
                .append(esc(caption)).append("</figcaption></figure>\n");
    }

    private static void row(StringBuilder h, String key, String valueHtml) {
        h.append("<tr><th>").append(key).append("</th><td>").append(valueHtml).append("</td></tr>");
    }

    private static String dataUri(Path png) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read figure " + png + ": " + e.getMessage(), e);
        }
    }

    /** The width in a PNG's header (IHDR), 0 if it cannot be read. */
    static int width(Path png) {
        try (var in = Files.newInputStream(png)) {
            byte[] head = in.readNBytes(24);
            return head.length < 24 ? 0 : ByteBuffer.wrap(head, 16, 4).getInt();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String esc(String s) {
        return ResultWriter.escape(s);
    }
}

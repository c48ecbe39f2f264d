package org.zfnet.api.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;

/**
 * What an analysis found: named arrays (written as {@code .npy}), figures (written as PNG), text files (tables
 * as Markdown, HTML or CSV) and a JSON-serialisable summary (written to {@code report.json}). Names keep their
 * insertion order. An array's or figure's name may hold any characters (it often holds a tap's name, and an ONNX
 * model's taps hold {@code /}): the writer makes each a file name of its own ({@link FileNames}).
 *
 * <p>The result owns its arrays and its figures' arrays: whoever takes the result (the command line, once it has
 * written the files) {@link #close() closes} it, which frees them. So add arrays the run made, and a copy
 * ({@code dup()}) of any it does not own: a network's parameter, a trace's output, an input.
 */
public final class AnalysisResult implements AutoCloseable {

    private final Map<String, INDArray> arrays = new LinkedHashMap<>();
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Object> summary = new LinkedHashMap<>();

    /** Adds an array written as {@code <name>.npy}, the name made a file name by {@link FileNames}. */
    public AnalysisResult array(String name, INDArray value) {
        arrays.put(checkName(name), value);
        return this;
    }

    /** Adds a figure written as {@code <name>.png}, the name made a file name by {@link FileNames}. */
    public AnalysisResult figure(String name, Figure figure) {
        figures.put(checkName(name), figure);
        return this;
    }

    /** Adds a text file, e.g. {@code table.md}, {@code table.html} or {@code curves.csv}. */
    public AnalysisResult text(String fileName, String content) {
        if (!fileName.matches("[A-Za-z0-9][A-Za-z0-9_.-]*\\.(md|html|csv|txt)")) {
            throw new IllegalArgumentException("text files are named like table.md, table.html, data.csv: " + fileName);
        }
        texts.put(fileName, content);
        return this;
    }

    public Map<String, String> texts() {
        return Collections.unmodifiableMap(texts);
    }

    /** Adds a summary entry: numbers, strings, lists and maps of them. */
    public AnalysisResult summary(String key, Object value) {
        summary.put(key, value);
        return this;
    }

    public Map<String, INDArray> arrays() {
        return Collections.unmodifiableMap(arrays);
    }

    public Map<String, Figure> figures() {
        return Collections.unmodifiableMap(figures);
    }

    public Map<String, Object> summary() {
        return Collections.unmodifiableMap(summary);
    }

    /**
     * Frees the arrays and the figures' arrays (each once, views of other arrays left to those); names, texts and the
     * summary stay readable. Closing again does nothing.
     */
    @Override
    public void close() {
        List<INDArray> owned = new ArrayList<>(arrays.values());
        figures.values().forEach(f -> owned.add(f.data()));
        HostArrays.closeAll(owned);
    }

    private static String checkName(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a result's array or figure needs a name, got '" + name + "'");
        }
        return name;
    }
}

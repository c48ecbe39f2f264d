package org.zfnet.cli.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.FileNames;

/**
 * The files of an analysis result in its folder, by the names the plugin gave: arrays as {@code <name>.npy}, figures
 * as {@code <name>.png}, texts under their names, each made a file name by {@link FileNames} (names hold taps, and an
 * ONNX model's taps hold {@code /}).
 *
 * @param arrays  array name to file name
 * @param figures figure name to file name
 * @param texts   text name to file name
 */
record ResultFiles(Map<String, String> arrays, Map<String, String> figures, Map<String, String> texts) {

    static ResultFiles of(AnalysisResult result) {
        return of(result.arrays().keySet(), result.figures().keySet(), result.texts().keySet());
    }

    static ResultFiles of(Collection<String> arrays, Collection<String> figures, Collection<String> texts) {
        return new ResultFiles(withExtension(FileNames.unique(arrays), ".npy"),
                withExtension(FileNames.unique(figures), ".png"), FileNames.unique(texts));
    }

    /** Which name each file holds, by file name: what report.json records. */
    Map<String, String> byFile() {
        Map<String, String> byFile = new LinkedHashMap<>();
        for (Map<String, String> kind : java.util.List.of(arrays, figures, texts)) {
            kind.forEach((name, file) -> byFile.put(file, name));
        }
        return byFile;
    }

    private static Map<String, String> withExtension(Map<String, String> stems, String extension) {
        Map<String, String> files = new LinkedHashMap<>();
        stems.forEach((name, stem) -> files.put(name, stem + extension));
        return files;
    }
}

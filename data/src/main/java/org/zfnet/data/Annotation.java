package org.zfnet.data;

import java.util.List;
import java.util.Map;

/**
 * Ground truth for one procedural image: where the object and each of its parts are.
 *
 * @param file   path relative to the split folder, e.g. {@code face/face_00007.png}
 * @param label  class index
 * @param object the object's box {@code [x, y, w, h]} in image pixels
 * @param parts  each part's box {@code [x, y, w, h]}, by part name (e.g. {@code left_eye})
 */
public record Annotation(String file, String className, int label, List<Double> object, Map<String, List<Double>> parts) {

    /** A box as {@code [x, y, w, h]}. */
    public static double[] box(List<Double> box) {
        return box.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

package org.zfnet.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zfnet.api.dto.ObjectAnnotation;

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

    /** The object's and its parts' boxes in the input pixels of an image preprocessed with {@code placement}. */
    public ObjectAnnotation inInput(Images.Placement placement) {
        Map<String, List<Double>> inputParts = new LinkedHashMap<>();
        parts.forEach((name, box) -> inputParts.put(name, inInput(placement, box)));
        return new ObjectAnnotation(className, inInput(placement, object), inputParts);
    }

    private static List<Double> inInput(Images.Placement placement, List<Double> box) {
        return Arrays.stream(placement.toInput(box(box))).boxed().toList();
    }
}

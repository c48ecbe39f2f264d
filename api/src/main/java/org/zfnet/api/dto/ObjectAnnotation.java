package org.zfnet.api.dto;

import java.util.List;
import java.util.Map;

/**
 * Ground truth for one input, in the network's input pixels (after resizing and cropping): the object's box
 * and its parts' boxes, each {@code [x, y, w, h]}.
 *
 * @param className the object's class
 * @param object    the object's box
 * @param parts     part boxes by part name, e.g. {@code left_eye}
 */
public record ObjectAnnotation(String className, List<Double> object, Map<String, List<Double>> parts) {
}

package org.zfnet.model.internal.onnx;

import java.util.Map;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.formats.FloatArray;

/**
 * An ONNX model as zfnet takes it: the spec (layers named as the nodes) and the weights by parameter name
 * ({@code <layer>.weight}, {@code <layer>.bias}, batch normalisation's {@code running_mean} and {@code running_var}).
 */
public record OnnxModel(ModelSpec spec, Map<String, FloatArray> weights) {
}

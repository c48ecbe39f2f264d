package org.zfnet.formats;

import java.util.Map;

/**
 * The tensors of a weights file: the floating-point ones as float32, the integer ones apart (they are counters, such
 * as BatchNorm's {@code num_batches_tracked}, not weights); each in file order.
 */
public record StateDict(Map<String, FloatArray> floats, Map<String, LongArray> integers) {
}

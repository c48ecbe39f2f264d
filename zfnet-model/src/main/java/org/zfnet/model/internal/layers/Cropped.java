package org.zfnet.model.internal.layers;

import org.zfnet.api.dto.LayerSpec;

/**
 * A layer as it is computed on crops of its inputs that hold exactly the windows of a part of its output, their parts
 * past the inputs' edges filled by the caller (exact incremental occlusion).
 *
 * @param layer  the layer with its padding taken out and its windows all whole (a crop brings its own border)
 * @param border the value past the inputs' edges: the padding's (zero), or minus infinity for max pooling
 */
public record Cropped(LayerSpec layer, float border) {

    /** A layer each of whose outputs reads its own position of its inputs: a crop is computed as it is. */
    public static Cropped pointwise(LayerSpec layer) {
        return new Cropped(layer, 0f);
    }
}

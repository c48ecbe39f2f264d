package org.zfnet.model.internal.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every layer type zfnet knows, by the name specs use. A new type is one file in this package and one line here. */
public final class LayerTypes {

    private static final Map<String, LayerType> TYPES = new LinkedHashMap<>();

    static {
        for (LayerType t : List.of(new Conv(), new Relu(), new MaxPool(), new Lrn(), new Dropout(), new Linear(),
                new Softmax(), new Identity(), new Flatten(), new Add(), new Concat(), new BatchNorm(), new AvgPool(),
                new GlobalAvgPool(), new Pad(), new Relu6())) {
            TYPES.put(t.type(), t);
        }
    }

    private LayerTypes() {
    }

    public static Optional<LayerType> find(String type) {
        return Optional.ofNullable(type == null ? null : TYPES.get(type));
    }

    /** The type of a layer of a checked spec. */
    public static LayerType of(String type) {
        LayerType t = TYPES.get(type);
        if (t == null) {
            throw new IllegalStateException("unchecked layer type " + type);
        }
        return t;
    }

    public static List<String> names() {
        return List.copyOf(TYPES.keySet());
    }
}

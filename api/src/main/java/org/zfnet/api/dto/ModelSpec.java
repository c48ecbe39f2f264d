package org.zfnet.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A network described as data (JSON): what it takes, how to prepare images for it, what its classes are
 * called, and its layers in order.
 *
 * @param name          model name, e.g. {@code zfnet}
 * @param description   one line
 * @param input         input shape {@code [C, H, W]}
 * @param preprocessing how images become inputs
 * @param labels        class names; empty means "class 0", "class 1", ...
 * @param layers        the layers in order
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ModelSpec(String name, String description, List<Integer> input, Preprocessing preprocessing,
        List<String> labels, List<LayerSpec> layers) {

    public ModelSpec {
        labels = labels == null ? List.of() : List.copyOf(labels);
        layers = layers == null ? List.of() : List.copyOf(layers);
        input = input == null ? List.of() : List.copyOf(input);
    }

    /** The name of class {@code c}. */
    public String label(int c) {
        return c < labels.size() ? labels.get(c) : "class " + c;
    }
}

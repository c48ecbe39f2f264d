package org.zfnet.api.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a plugin in {@code zfnet demo}, which becomes one section of the demo report: the plugin runs with
 * these options on some of the demo's sample images (procedural images, one folder per class: boat, car, face,
 * flower, house, tree, with part annotations).
 *
 * @param title   the section's heading, e.g. {@code "Top-9 activations, conv5"}
 * @param caption one sentence saying what the section shows
 * @param inputs  which sample images: {@link #NONE}, {@link #ONE_PER_CLASS}, {@link #ALL} or a class name
 * @param options the plugin's options by name (without dashes); those left out take their defaults
 * @param figures names (or name prefixes) of the result's figures shown in the report; empty = all of them
 */
public record DemoRun(String title, String caption, String inputs, Map<String, String> options, List<String> figures) {

    /** No inputs: an analysis of the weights alone. */
    public static final String NONE = "none";
    /** The first sample image of each class. */
    public static final String ONE_PER_CLASS = "one-per-class";
    /** Every sample image. */
    public static final String ALL = "all";

    public DemoRun {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(inputs, "inputs");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options)); // in the order given
        figures = List.copyOf(figures);
    }

    /** A run with options given as name, value, name, value, … and every figure shown. */
    public static DemoRun of(String title, String caption, String inputs, String... options) {
        if (options.length % 2 != 0) {
            throw new IllegalArgumentException("options come in name, value pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new DemoRun(title, caption, inputs, map, List.of());
    }

    /** The same run showing only the figures with these names or name prefixes. */
    public DemoRun showing(String... figurePrefixes) {
        return new DemoRun(title, caption, inputs, options, List.of(figurePrefixes));
    }

    /** Whether the report shows the figure of this name. */
    public boolean shows(String figure) {
        return figures.isEmpty() || figures.stream().anyMatch(figure::startsWith);
    }
}

package org.zfnet.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.data.Images;

/**
 * {@code --preprocess}: how images become inputs, in place of the model's own way. Optionally a starting point, then
 * fields that override it, joined by commas:
 * <ul>
 * <li>{@code model}: the model's own preprocessing (the default starting point);</li>
 * <li>{@code imagenet}: torchvision's: shorter side resized to 256/224 of the input's (256 for 224x224), centre crop,
 * ImageNet mean and standard deviation;</li>
 * <li>{@code unit}: the model's resize, RGB in [0, 1] without normalisation;</li>
 * <li>{@code resize=N} (the shorter side before the centre crop, at least the input's extent), {@code mean=R,G,B},
 * {@code std=R,G,B}.</li>
 * </ul>
 * For example {@code imagenet,resize=232} or {@code resize=256,mean=0.5,0.5,0.5,std=0.25,0.25,0.25}.
 */
final class PreprocessOption {

    static final String HELP = "model|imagenet|unit, then any of resize=N, mean=R,G,B, std=R,G,B";
    private static final List<String> STARTS = List.of("model", "imagenet", "unit");

    private PreprocessOption() {
    }

    /** The preprocessing {@code text} describes for the model; refused with one line naming what is wrong. */
    static Preprocessing parse(String text, ModelSpec spec) {
        if (text == null || text.isBlank()) {
            throw refused(text, "it is empty");
        }
        String[] tokens = text.split(",", -1);
        int first = 0;
        Preprocessing base = Images.used(spec);
        int side = Math.max(spec.input().get(1), spec.input().get(2));
        if (!tokens[0].contains("=")) {
            String start = tokens[0].trim();
            base = switch (start) {
                case "model" -> base;
                case "imagenet" -> Preprocessing.imagenet(spec.input().get(1), spec.input().get(2));
                case "unit" -> new Preprocessing(base.resize(), List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0));
                default -> throw refused(text, "'" + start + "' is not " + String.join(", ", STARTS)
                        + " nor a field=value");
            };
            first = 1;
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<String> current = null;
        for (int i = first; i < tokens.length; i++) {
            String token = tokens[i].trim();
            int eq = token.indexOf('=');
            if (eq < 0) {
                if (current == null) {
                    throw refused(text, "'" + token + "' comes before any field=value");
                }
                current.add(token);
                continue;
            }
            String key = token.substring(0, eq).trim();
            if (!List.of("resize", "mean", "std").contains(key)) {
                throw refused(text, "unknown field '" + key + "' (expected resize, mean, std)");
            }
            current = new ArrayList<>(List.of(token.substring(eq + 1).trim()));
            if (fields.put(key, current) != null) {
                throw refused(text, "'" + key + "' is given twice");
            }
        }
        int resize = fields.containsKey("resize") ? resize(text, fields.get("resize"), side, spec) : base.resize();
        List<Double> mean = fields.containsKey("mean") ? rgb(text, "mean", fields.get("mean"), false) : base.mean();
        List<Double> std = fields.containsKey("std") ? rgb(text, "std", fields.get("std"), true) : base.std();
        return new Preprocessing(resize, mean, std);
    }

    private static int resize(String text, List<String> values, int side, ModelSpec spec) {
        if (values.size() != 1) {
            throw refused(text, "resize takes one whole number, got " + String.join(",", values));
        }
        int resize;
        try {
            resize = Integer.parseInt(values.get(0));
        } catch (NumberFormatException e) {
            throw refused(text, "resize takes a whole number, got '" + values.get(0) + "'");
        }
        if (resize < side) {
            throw refused(text, "resize=" + resize + " is smaller than model " + spec.name() + "'s "
                    + spec.input().get(1) + "x" + spec.input().get(2) + " input (the centre crop)");
        }
        return resize;
    }

    private static List<Double> rgb(String text, String field, List<String> values, boolean positive) {
        if (values.size() != 3) {
            throw refused(text, field + " takes 3 numbers (R,G,B), got " + values.size() + ": " + String.join(",", values));
        }
        List<Double> numbers = new ArrayList<>();
        for (String v : values) {
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw refused(text, field + " takes numbers, got '" + v + "'");
            }
            if (!Double.isFinite(d) || positive && d <= 0) {
                throw refused(text, field + " takes " + (positive ? "positive" : "finite") + " numbers, got " + v);
            }
            numbers.add(d);
        }
        return List.copyOf(numbers);
    }

    private static InvalidInputException refused(String text, String why) {
        return new InvalidInputException("--preprocess '" + text + "': " + why + " (expected " + HELP + ")");
    }
}

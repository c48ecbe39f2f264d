package org.zfnet.api.analysis;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;

/**
 * What to analyse and how.
 *
 * @param input      the inputs as one batch, {@code [N, C, H, W]} float32, already preprocessed
 * @param inputNames one name per input (file names), used in reports
 * @param options    every declared option by name, defaults filled in, as text
 */
public record AnalysisRequest(INDArray input, List<String> inputNames, Map<String, String> options) {

    public AnalysisRequest {
        inputNames = List.copyOf(inputNames);
        options = Map.copyOf(options);
        if (input != null && input.size(0) != inputNames.size()) {
            throw new IllegalArgumentException(
                    "batch of " + input.size(0) + " inputs but " + inputNames.size() + " names");
        }
    }

    /** The option's text; fails with the option's name if it was not given. */
    public String option(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new InvalidInputException("missing option --" + name);
        }
        return value;
    }

    public int intOption(String name) {
        String value = option(name);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("option --" + name + " expects a whole number, got '" + value + "'");
        }
    }

    public double floatOption(String name) {
        String value = option(name);
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("option --" + name + " expects a number, got '" + value + "'");
        }
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(options.getOrDefault(name, "false"));
    }
}

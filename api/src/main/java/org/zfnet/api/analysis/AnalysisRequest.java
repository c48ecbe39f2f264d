package org.zfnet.api.analysis;

import java.util.List;
import java.util.Map;
import org.zfnet.api.InvalidInputException;

/**
 * What to analyse and how.
 *
 * @param inputs  the inputs (possibly none, for analyses of the weights alone)
 * @param options every declared option by name, defaults filled in, as text
 */
public record AnalysisRequest(InputSet inputs, Map<String, String> options) {

    public AnalysisRequest {
        options = Map.copyOf(options);
    }

    /** The inputs, failing with a clear message when the analysis needs some and none were given. */
    public InputSet requireInputs() {
        if (inputs == null || inputs.size() == 0) {
            throw new InvalidInputException("this analysis needs --input");
        }
        return inputs;
    }

    /** An option as a comma-separated list, empty when the option is empty. */
    public List<String> listOption(String name) {
        String value = option(name).trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s*,\\s*"));
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

package org.zfnet.api.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.zfnet.api.InvalidInputException;

/**
 * What to analyse and how. Callers build it with {@link #checked}; plugins read their options by name or, better,
 * through the {@link OptionSpec} constants they declare ({@code request.intOption(BATCH)}), so that each name is
 * written once.
 *
 * @param inputs  the inputs (possibly none, for analyses of the weights alone)
 * @param options every declared option by name, defaults filled in, as text, in the order declared
 */
public record AnalysisRequest(InputSet inputs, Map<String, String> options) {

    public AnalysisRequest {
        options.forEach((name, value) -> Objects.requireNonNull(value, () -> "option " + name + " has no value"));
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * The request for {@code plugin} with the {@code given} option values (by name, without dashes) checked against
     * its {@link AnalysisPlugin#options() declarations} and every other option at its default: the one place where
     * options are checked, for the command line, the shell, {@code zfnet demo}, plugin-to-plugin calls
     * ({@link AnalysisContext#run}) and a server.
     *
     * @throws InvalidInputException an option the plugin does not declare, a value that is
     *                               not one of the choices, not a (finite) number or below the option's bound; one
     *                               line naming the option
     */
    public static AnalysisRequest checked(AnalysisPlugin plugin, InputSet inputs, Map<String, String> given) {
        List<OptionSpec> declared = plugin.options();
        for (String name : given.keySet()) {
            if (declared.stream().noneMatch(o -> o.name().equals(name))) {
                throw new InvalidInputException("plugin " + plugin.id() + " has no option --" + name);
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionSpec o : declared) {
            String text = given.getOrDefault(o.name(), o.defaultValue());
            if (text != null) {
                o.check(text);
                options.put(o.name(), text);
            }
        }
        return new AnalysisRequest(inputs, options);
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

    /** The option's text, read through its declaration. */
    public String option(OptionSpec option) {
        return option(option.name());
    }

    /** The option as a comma-separated list, read through its declaration. */
    public List<String> listOption(OptionSpec option) {
        return listOption(option.name());
    }

    /** A whole-number option, read through its declaration. */
    public int intOption(OptionSpec option) {
        return intOption(option.name());
    }

    /** A number option, read through its declaration. */
    public double floatOption(OptionSpec option) {
        return floatOption(option.name());
    }

    /** A flag, read through its declaration. */
    public boolean flag(OptionSpec option) {
        return flag(option.name());
    }
}

package org.zfnet.api.analysis;

import java.util.List;
import java.util.Objects;
import org.zfnet.api.InvalidInputException;

/**
 * One option of an analysis plugin, as shown by {@code --help}.
 *
 * @param name         long name without dashes, e.g. {@code patch}
 * @param type         value type
 * @param defaultValue default as text, or {@code null} when the option is required
 * @param choices      allowed values for {@link OptionType#CHOICE}, empty otherwise
 * @param help         one line of help
 * @param min          the smallest value an {@link OptionType#INT} or {@link OptionType#FLOAT} option takes, or
 *                     {@code null} for no bound (see {@link #atLeast})
 */
public record OptionSpec(String name, OptionType type, String defaultValue, List<String> choices, String help,
        Double min) {

    /** An option without a lower bound. */
    public OptionSpec(String name, OptionType type, String defaultValue, List<String> choices, String help) {
        this(name, type, defaultValue, choices, help, null);
    }

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = List.copyOf(choices);
        Objects.requireNonNull(help, "help");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("option name must be lower-case words joined by '-': " + name);
        }
        if (type == OptionType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice option " + name + " declares no choices");
        }
        if (min != null && type != OptionType.INT && type != OptionType.FLOAT) {
            throw new IllegalArgumentException("option " + name + " is not a number and cannot have a lower bound");
        }
    }

    /**
     * This numeric option, taking no value below {@code bound}: the command line refuses a smaller one, naming the
     * option, before the plugin runs (as it refuses NaN and infinite values of every {@link OptionType#FLOAT} option).
     */
    public OptionSpec atLeast(double bound) {
        return new OptionSpec(name, type, defaultValue, choices, help, bound);
    }

    public static OptionSpec integer(String name, Integer defaultValue, String help) {
        return new OptionSpec(name, OptionType.INT, text(defaultValue), List.of(), help);
    }

    public static OptionSpec decimal(String name, Double defaultValue, String help) {
        return new OptionSpec(name, OptionType.FLOAT, text(defaultValue), List.of(), help);
    }

    public static OptionSpec text(String name, String defaultValue, String help) {
        return new OptionSpec(name, OptionType.STRING, defaultValue, List.of(), help);
    }

    public static OptionSpec choice(String name, String defaultValue, List<String> choices, String help) {
        return new OptionSpec(name, OptionType.CHOICE, defaultValue, choices, help);
    }

    public static OptionSpec flag(String name, String help) {
        return new OptionSpec(name, OptionType.FLAG, "false", List.of(), help);
    }

    /**
     * Checks a value given for this option: one of the declared choices; for a number, one that parses, is finite and
     * is not below {@link #min()}. The command line, the shell, {@code zfnet demo} and plugin-to-plugin requests all
     * check through here ({@link AnalysisRequest#checked}).
     *
     * @throws InvalidInputException one line naming the option and the value
     */
    public void check(String text) {
        if (type == OptionType.CHOICE && !choices.contains(text)) {
            throw new InvalidInputException("--" + name + " must be one of " + String.join(", ", choices) + ", got '"
                    + text + "'");
        }
        if (type != OptionType.INT && type != OptionType.FLOAT) {
            return;
        }
        double value;
        try {
            value = type == OptionType.INT ? Integer.parseInt(text.trim()) : Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + name + " expects " + (type == OptionType.INT ? "a whole number"
                    : "a number") + ", got '" + text + "'");
        }
        if (!Double.isFinite(value)) {
            throw new InvalidInputException("--" + name + " must be a finite number, got " + text.trim());
        }
        if (min != null && value < min) {
            throw new InvalidInputException("--" + name + " must be at least " + number(min) + ", got " + text.trim());
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Whether the user must give this option. */
    public boolean required() {
        return defaultValue == null;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}

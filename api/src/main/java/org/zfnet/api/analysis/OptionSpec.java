package org.zfnet.api.analysis;

import java.util.List;
import java.util.Objects;

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

    /** Whether the user must give this option. */
    public boolean required() {
        return defaultValue == null;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}

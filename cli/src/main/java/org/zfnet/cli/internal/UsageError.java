package org.zfnet.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one line a command-line mistake gets: an unknown command (or analysis plugin) with the closest name; else every
 * unknown option of the command, each with the option it is closest to, then whatever else picocli found (a missing
 * required option, a bad value). picocli alone stops at the first problem, and a missing required option hides an
 * unknown one ({@code forward --inptu x} would only say that {@code --input} is missing).
 */
final class UsageError {

    private UsageError() {
    }

    /** What is wrong, on one line, without the {@code zfnet: } prefix. */
    static String describe(ParameterException ex) {
        CommandLine line = ex.getCommandLine();
        CommandSpec spec = line.getCommandSpec();
        String word = unknownCommand(line, ex);
        if (word != null) {
            return spec.userObject() instanceof AnalyzeCommand.Analyses
                    ? AnalyzeCommand.unknownPlugin(word, line.getSubcommands().keySet())
                    : "Unknown command: '" + word + "'" + Suggestions.didYouMean(word, line.getSubcommands().keySet());
        }
        List<String> parts = new ArrayList<>();
        List<String> unknown = unknownOptions(line);
        if (!unknown.isEmpty()) {
            List<String> named = new ArrayList<>();
            for (String option : unknown) {
                named.add("'" + option + "'" + Suggestions.didYouMean(option, spec.optionsMap().keySet()));
            }
            parts.add((unknown.size() == 1 ? "Unknown option: " : "Unknown options: ") + String.join(", ", named));
        }
        if (parts.isEmpty() || !(ex instanceof UnmatchedArgumentException)) {
            parts.add(CommandLineRunner.oneLine(ex.getMessage()));
        }
        return String.join("; ", parts);
    }

    /**
     * The words given to the failing command that look like options it does not have, in the order given: {@code -x},
     * {@code --name} or {@code --name=value}, not negative numbers, nothing after {@code --}.
     */
    private static List<String> unknownOptions(CommandLine line) {
        Set<String> unknown = new LinkedHashSet<>();
        CommandSpec spec = line.getCommandSpec();
        for (String word : wordsOf(line)) {
            if (word.equals("--")) {
                break;
            }
            String name = word.split("=", 2)[0];
            if (name.startsWith("-") && name.length() > 1 && !name.matches("-\\.?\\d.*") && spec.findOption(name) == null) {
                unknown.add(name);
            }
        }
        return new ArrayList<>(unknown);
    }

    /** The first word that is neither an option nor a subcommand of a command that takes only subcommands. */
    private static String unknownCommand(CommandLine line, ParameterException ex) {
        if (line.getSubcommands().isEmpty() || !line.getCommandSpec().positionalParameters().isEmpty()) {
            return null;
        }
        List<String> unmatched = new ArrayList<>(line.getUnmatchedArguments());
        if (ex instanceof UnmatchedArgumentException u) {
            unmatched.addAll(u.getUnmatched());
        }
        return unmatched.stream().filter(w -> !w.startsWith("-")).findFirst().orElse(null);
    }

    /** The words of the command line after the failing command's name (picocli keeps the whole line). */
    private static List<String> wordsOf(CommandLine line) {
        CommandLine.ParseResult parsed = line.getParseResult();
        List<String> all = parsed == null ? List.of() : parsed.originalArgs();
        List<CommandLine> path = new ArrayList<>();
        for (CommandLine c = line; c.getParent() != null; c = c.getParent()) {
            path.add(0, c);
        }
        int from = 0;
        for (CommandLine c : path) {
            Set<String> names = c.getCommandSpec().names();
            while (from < all.size() && !names.contains(all.get(from))) {
                from++;
            }
            from++;
        }
        return from >= all.size() ? List.of() : all.subList(from, all.size());
    }
}

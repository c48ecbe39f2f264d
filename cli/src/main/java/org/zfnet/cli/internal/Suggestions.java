package org.zfnet.cli.internal;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" for a mistyped command, plugin or option: the known name fewest edits away (optimal string
 * alignment: insert, delete, replace, swap two neighbours), when it is close enough to be what was meant, i.e. at most
 * a third of the word's letters apart (at least 2): {@code modle -> model}, {@code occlusoin -> occlusion},
 * {@code --inptu -> --input}; {@code summary} suggests nothing among the top-level commands.
 */
final class Suggestions {

    private Suggestions() {
    }

    /** The candidate closest to {@code word}, ties to the first in alphabetical order; empty when none is close. */
    static Optional<String> closest(String word, Collection<String> candidates) {
        int letters = word.replaceFirst("^-+", "").length();
        int limit = letters < 3 ? 0 : Math.max(1, letters / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates.stream().sorted().toList()) {
            int d = distance(word, candidate);
            if (d < bestDistance && !candidate.equals(word)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean 'x'?)"}, or nothing when no candidate is close. */
    static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** Optimal string alignment distance: edits (insert, delete, replace, swap of neighbours) from a to b. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

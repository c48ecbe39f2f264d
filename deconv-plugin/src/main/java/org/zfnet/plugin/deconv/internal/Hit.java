package org.zfnet.plugin.deconv.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The largest activation of {@code channel} on the input named {@code input} is {@code value}, at {@code (y, x)} of
 * the feature map (the first maximum in row-major order).
 */
record Hit(String input, int channel, float value, int y, int x) {

    /**
     * Strongest first; equal values by input name (ascending), so that any cut of a dataset into shards keeps the
     * same hits; then by channel and position, which makes the order total.
     */
    static final Comparator<Hit> STRONGEST_FIRST = Comparator.comparing(Hit::value, Comparator.reverseOrder())
            .thenComparing(Hit::input).thenComparingInt(Hit::channel).thenComparingInt(Hit::y).thenComparingInt(Hit::x);

    /**
     * The {@code k} strongest of {@code hits}, strongest first, at most one per input (an input's strongest): the same
     * list for the same set of hits in any order, which makes merging top-k lists associative and commutative.
     */
    static List<Hit> best(List<Hit> hits, int k) {
        List<Hit> sorted = new ArrayList<>(hits);
        sorted.sort(STRONGEST_FIRST);
        List<Hit> kept = new ArrayList<>(Math.min(k, sorted.size()));
        Set<String> inputs = new HashSet<>();
        for (Hit hit : sorted) {
            if (kept.size() == k) {
                break;
            }
            if (inputs.add(hit.input())) {
                kept.add(hit);
            }
        }
        return kept;
    }
}

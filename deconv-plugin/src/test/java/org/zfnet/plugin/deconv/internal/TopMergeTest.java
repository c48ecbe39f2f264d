package org.zfnet.plugin.deconv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.zfnet.api.model.ProjectionRule;

/**
 * Merging top-k states keeps, per channel, the k best of the union and at most one hit per input, in whatever grouping
 * and order the states come: checked against a plain selection over all the hits, on hand-made states with ties and
 * inputs seen twice.
 */
class TopMergeTest {

    private static final int K = 4;
    private final TopMining work = new TopMining("conv2", "0-2", K, 8, ProjectionRule.DECONVNET, false);

    @Test
    void anInputSeenTwiceKeepsOnlyItsStrongestHit() {
        TopState a = state(List.of(new Hit("x", 0, 5f, 1, 1), new Hit("y", 0, 4f, 0, 0)), 2);
        TopState b = state(List.of(new Hit("x", 0, 3f, 2, 2), new Hit("z", 0, 4.5f, 0, 1)), 2);
        List<Hit> expected = List.of(new Hit("x", 0, 5f, 1, 1), new Hit("z", 0, 4.5f, 0, 1), new Hit("y", 0, 4f, 0, 0));
        assertEquals(expected, work.merge(a, b).hits(0));
        assertEquals(expected, work.merge(b, a).hits(0));
        assertEquals(4, work.merge(a, b).inputs());
    }

    @Test
    void equalValuesGoToTheFirstNameInAnyOrder() {
        TopMining two = new TopMining("conv2", "0", 2, 8, ProjectionRule.DECONVNET, false);
        TopState c = state(List.of(new Hit("c", 0, 1f, 0, 0)), 1);
        TopState b = state(List.of(new Hit("b", 0, 1f, 0, 0)), 1);
        TopState a = state(List.of(new Hit("a", 0, 1f, 0, 0)), 1);
        List<String> expected = List.of("a", "b");
        assertEquals(expected, names(two.merge(two.merge(c, b), a)));
        assertEquals(expected, names(two.merge(c, two.merge(a, b))));
        assertEquals(expected, names(two.merge(two.merge(a, c), b)));
    }

    @Test
    void anyGroupingAndOrderOfRandomStatesGivesThePlainSelection() {
        Random random = new Random(41);
        for (int trial = 0; trial < 200; trial++) {
            List<Hit> all = new ArrayList<>();
            int n = 1 + random.nextInt(30);
            for (int i = 0; i < n; i++) {
                // few values and few names: ties and repeated inputs are common
                all.add(new Hit("in-" + random.nextInt(12), random.nextInt(3), 1 + random.nextInt(5), random.nextInt(3),
                        random.nextInt(3)));
            }
            Collections.shuffle(all, random);
            List<TopState> states = new ArrayList<>();
            for (int from = 0; from < all.size(); ) {
                int to = Math.min(all.size(), from + 1 + random.nextInt(6));
                // each state as a shard gives it: its own k best per channel
                states.add(work.merge(state(List.of(), 0), state(all.subList(from, to), to - from)));
                from = to;
            }
            TopState merged = randomMerge(states, random);
            for (int channel = 0; channel < 3; channel++) {
                final int c = channel;
                List<Hit> expected = plainSelection(all.stream().filter(h -> h.channel() == c).toList(), K);
                assertEquals(expected, merged.hits(c), "trial " + trial + " channel " + c + " of " + all);
                assertTrue(merged.hits(c).size() <= K);
                assertEquals(merged.hits(c).size(), merged.hits(c).stream().map(Hit::input).distinct().count());
            }
            assertEquals(all.size(), merged.inputs());
        }
    }

    /** Merges two states of the list chosen at random until one is left. */
    private TopState randomMerge(List<TopState> states, Random random) {
        List<TopState> left = new ArrayList<>(states);
        while (left.size() > 1) {
            TopState a = left.remove(random.nextInt(left.size()));
            TopState b = left.remove(random.nextInt(left.size()));
            left.add(random.nextBoolean() ? work.merge(a, b) : work.merge(b, a));
        }
        return left.get(0);
    }

    /**
     * The k best hits, one pick at a time: the strongest (equal values: the first name; then the first position) of
     * the hits whose input was not picked yet.
     */
    private static List<Hit> plainSelection(List<Hit> hits, int k) {
        List<Hit> picked = new ArrayList<>();
        List<String> used = new ArrayList<>();
        while (picked.size() < k) {
            Hit top = null;
            for (Hit h : hits) {
                if (used.contains(h.input())) {
                    continue;
                }
                if (top == null || h.value() > top.value() || (h.value() == top.value()
                        && (h.input().compareTo(top.input()) < 0 || (h.input().equals(top.input())
                        && (h.y() < top.y() || (h.y() == top.y() && h.x() < top.x())))))) {
                    top = h;
                }
            }
            if (top == null) {
                break;
            }
            picked.add(top);
            used.add(top.input());
        }
        return picked;
    }

    private static List<String> names(TopState state) {
        return state.hits(0).stream().map(Hit::input).toList();
    }

    /** A state of these hits as they are (not yet cut to k), counting {@code inputs} inputs. */
    static TopState state(List<Hit> hits, long inputs) {
        Map<Integer, List<Hit>> byChannel = new TreeMap<>();
        hits.forEach(h -> byChannel.computeIfAbsent(h.channel(), c -> new ArrayList<>()).add(h));
        return new TopState(16, inputs, new TreeMap<>(byChannel), Map.of());
    }
}

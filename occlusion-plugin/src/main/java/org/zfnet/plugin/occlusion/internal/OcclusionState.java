package org.zfnet.plugin.occlusion.internal;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The partial state of occlusion over a dataset: each input's {@link Occluded} numbers, and the {@link Picture}s of
 * the inputs whose figures are drawn, both by input name in {@link NameOrder}. About 20 bytes per grid position and
 * input (ZFNet 48/8: 11 KB an input), plus 1.2 MB per picture (at most {@link OcclusionWork#FIGURES_FOR}).
 */
record OcclusionState(SortedMap<String, Occluded> inputs, SortedMap<String, Picture> pictures) {

    OcclusionState {
        inputs = Collections.unmodifiableSortedMap(inputs);
        pictures = Collections.unmodifiableSortedMap(pictures);
    }

    static OcclusionState empty() {
        return new OcclusionState(new TreeMap<>(NameOrder.INSTANCE), new TreeMap<>(NameOrder.INSTANCE));
    }

    /**
     * The state of the inputs of both; an input in both is a runner's mistake (a shard run twice, or two inputs of the
     * same name), which would otherwise count it twice.
     */
    static OcclusionState merge(OcclusionState a, OcclusionState b) {
        return new OcclusionState(union(a.inputs, b.inputs, "occluded"), union(a.pictures, b.pictures, "pictured"));
    }

    private static <V> SortedMap<String, V> union(SortedMap<String, V> a, SortedMap<String, V> b, String what) {
        SortedMap<String, V> all = new TreeMap<>(NameOrder.INSTANCE);
        all.putAll(a);
        for (var e : b.entrySet()) {
            if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalStateException("input " + e.getKey() + " is " + what + " in both states merged: "
                        + "shards must be disjoint and names unique");
            }
        }
        return all;
    }
}

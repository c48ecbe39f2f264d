package org.zfnet.serve.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** The most probable classes of one input, best first. */
final class TopClasses {

    /** One class: its index, its name (the model's label, else the index) and its probability. */
    record Scored(int index, String name, double probability) {
    }

    private TopClasses() {
    }

    /** The {@code k} largest of {@code probabilities}, ties broken by the lower index (as a stable sort does). */
    static List<Scored> of(float[] probabilities, List<String> labels, int k) {
        List<Scored> all = new ArrayList<>();
        IntStream.range(0, probabilities.length).forEach(i -> all.add(new Scored(i, name(labels, i), probabilities[i])));
        all.sort(Comparator.comparingDouble(Scored::probability).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    static String name(List<String> labels, int index) {
        return labels != null && index < labels.size() ? labels.get(index) : Integer.toString(index);
    }
}

package org.zfnet.serve.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.zfnet.api.dto.ModelSpec;

/** The most probable classes of one input, best first. */
final class TopClasses {

    /** One class: its index, its name ({@link ModelSpec#label}) and its probability. */
    record Scored(int index, String name, double probability) {
    }

    private TopClasses() {
    }

    /** The {@code k} largest of {@code probabilities}, ties broken by the lower index (as a stable sort does). */
    static List<Scored> of(float[] probabilities, ModelSpec spec, int k) {
        List<Scored> all = new ArrayList<>();
        IntStream.range(0, probabilities.length).forEach(i -> all.add(new Scored(i, spec.label(i), probabilities[i])));
        all.sort(Comparator.comparingDouble(Scored::probability).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}

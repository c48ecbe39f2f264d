package org.zfnet.plugin.correspondence.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.analysis.Progress;
import org.zfnet.api.dto.ObjectAnnotation;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.Taps;

/**
 * {@code zfnet analyze correspondence}: how consistently a network encodes the same object part across images
 * (Zeiler and Fergus, Sec. 4.3, Table 1), against boxes of the same sizes at random places.
 */
@Component(service = AnalysisPlugin.class)
public class CorrespondencePlugin implements AnalysisPlugin {

    @Override
    public String id() {
        return "correspondence";
    }

    @Override
    public String description() {
        return "Correspondence analysis: how consistently masking the same part changes the features across images, "
                + "vs random boxes (Zeiler and Fergus, Sec. 4.3, Table 1).";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.text("boxes", "", "one box y,x,h,w per input, in input pixels (space or ; separated)"),
                OptionSpec.text("part", "", "part names from the procedural annotations, e.g. left_eye,right_eye,nose"),
                OptionSpec.text("layers", Taps.AUTO, "taps whose feature vectors are compared; auto = the last convolution and the "
                        + "layer below the class scores (ZFNet: conv5,fc7)"),
                OptionSpec.integer("random", 10, "draws of the random baseline").atLeast(0),
                OptionSpec.integer("random-seed", 1, "seed of the random boxes"),
                OptionSpec.decimal("fill", 0.0, "value the box is filled with, in input space (0 = mean grey)"),
                OptionSpec.integer("group", 0, "images per trial (the paper: 5); 0 = all inputs in one trial").atLeast(0));
    }

    @Override
    public List<DemoRun> demo() {
        return List.of(DemoRun.of("Correspondence of face parts", "Masking the same part in every sample face: a lower "
                + "Δ than for random boxes means the network ties that part to the same features in each face "
                + "(Sec. 4.3, Table 1; trials of five faces, mean ± std).", "face",
                "part", "left_eye,right_eye,nose,mouth", "group", "5"));
    }

    @Override
    public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
        InputSet inputs = request.requireInputs();
        Network network = context.network();
        int height = network.spec().input().get(1);
        int width = network.spec().input().get(2);
        List<String> layers = Taps.listed(network, "layers", request.option("layers"),
                () -> List.of(Taps.lastConvolution(network), Taps.penultimate(network)).stream().distinct().toList());
        Map<String, List<Box>> rows = rows(request, inputs, height, width);
        int group = request.intOption("group") <= 0 ? inputs.size() : request.intOption("group");
        int trials = inputs.size() / group;
        if (group < 2 || trials < 1) {
            throw new InvalidInputException("correspondence needs at least two images per trial; got " + inputs.size()
                    + " inputs in groups of " + group);
        }
        int draws = request.intOption("random");
        if (draws < 0) {
            throw new InvalidInputException("--random must not be negative, got " + draws);
        }
        float fill = (float) request.floatOption("fill");
        long seed = request.intOption("random-seed");

        Map<String, Map<String, List<Double>>> deltas = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> randoms = new LinkedHashMap<>();
        rows.keySet().forEach(r -> {
            deltas.put(r, new LinkedHashMap<>());
            randoms.put(r, new LinkedHashMap<>());
            layers.forEach(l -> {
                deltas.get(r).put(l, new ArrayList<>());
                randoms.get(r).put(l, new ArrayList<>());
            });
        });
        Progress progress = context.progress();
        progress.start("correspondence", (long) trials * rows.size() * (1 + draws));
        for (int t = 0; t < trials; t++) {
            context.checkCancelled();
            int from = t * group;
            try (INDArray images = inputs.load(from, from + group)) {
                Map<String, List<float[]>> original = new LinkedHashMap<>();
                try (ForwardTrace trace = network.forward(images)) {
                    for (String layer : layers) {
                        original.put(layer, CorrespondenceAnalysis.features(trace, layer));
                    }
                }
                int rowIndex = 0;
                for (Map.Entry<String, List<Box>> row : rows.entrySet()) {
                    context.checkCancelled();
                    List<Box> boxes = row.getValue().subList(from, from + group);
                    record(deltas.get(row.getKey()), CorrespondenceAnalysis.epsilons(network, images, boxes, fill, layers,
                            original));
                    progress.advance(1);
                    for (int r = 0; r < draws; r++) {
                        context.checkCancelled();
                        Random random = new Random(seed * 1_000_003L + t * 10_007L + rowIndex * 101L + r);
                        record(randoms.get(row.getKey()), CorrespondenceAnalysis.epsilons(network, images,
                                CorrespondenceAnalysis.randomLike(boxes, height, width, random), fill, layers, original));
                        progress.advance(1);
                    }
                    rowIndex++;
                }
            }
        }
        return Tables.result(rows.keySet(), layers, deltas, randoms, trials, group, draws);
    }

    private static void record(Map<String, List<Double>> into, Map<String, List<float[]>> epsilons) {
        epsilons.forEach((layer, eps) -> into.get(layer).add(CorrespondenceAnalysis.delta(eps)));
    }

    /** The rows of the table: the given boxes, or each named part's boxes from the annotations. */
    private static Map<String, List<Box>> rows(AnalysisRequest request, InputSet inputs, int height, int width) {
        Map<String, List<Box>> rows = new LinkedHashMap<>();
        String boxes = request.option("boxes").trim();
        List<String> parts = request.listOption("part");
        if (!boxes.isEmpty() && !parts.isEmpty()) {
            throw new InvalidInputException("give --boxes or --part, not both");
        }
        if (!boxes.isEmpty()) {
            rows.put("boxes", Box.parse(boxes, inputs.size(), height, width));
            return rows;
        }
        if (parts.isEmpty()) {
            throw new InvalidInputException("give --boxes y,x,h,w (one per input) or --part NAME (annotated images)");
        }
        for (String part : parts) {
            List<Box> list = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                String name = inputs.name(i);
                ObjectAnnotation a = inputs.annotation(i).orElseThrow(() -> new InvalidInputException("input "
                        + name + " has no annotations; --part needs images of a procedural dataset"));
                List<Double> box = a.parts().get(part);
                if (box == null) {
                    throw new InvalidInputException("input " + inputs.name(i) + " (" + a.className() + ") has no part '"
                            + part + "' (it has " + String.join(", ", a.parts().keySet()) + ")");
                }
                list.add(Box.ofAnnotation(box, height, width));
            }
            rows.put(part, list);
        }
        return rows;
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

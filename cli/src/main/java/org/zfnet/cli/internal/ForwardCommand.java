package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zfnet forward}: every tap of a forward pass as {@code .npy}, and the top-5 classes. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Run the network on inputs; write every tap as DIR/<tap>.npy and DIR/report.json (top-5 classes).")
final class ForwardCommand implements Callable<Integer> {

    @Mixin
    NetworkOptions network;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = "A .npy float32 batch [N,C,H,W] used as is, or images (.png/.jpg) and folders of them.")
    List<Path> inputs;

    @Option(names = "--taps", split = ",", paramLabel = "TAP", description = "Only these taps (default: all).")
    List<String> taps;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    private final Session session;

    ForwardCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        ModelSpec spec = this.network.spec(session);
        FileInputs files = FileInputs.of(inputs, spec);
        try (Outputs outputs = new Outputs(out)) {
            write(spec, files, outputs);
            outputs.publish();
        }
        return 0;
    }

    private void write(ModelSpec spec, FileInputs files, Outputs outputs) {
        Network network = this.network.network(session, spec);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            names.add(files.name(i));
        }
        INDArray batch = files.load(0, files.size());
        List<String> chosen = taps == null ? network.taps() : taps;
        chosen.forEach(network::tapLayer);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", spec.name());
        report.put("weights", network.weightsSource());
        report.put("backend", network.backend().info().name());
        try (ForwardTrace trace = network.forward(batch)) {
            Map<String, List<Long>> shapes = new LinkedHashMap<>();
            for (String tap : chosen) {
                INDArray a = trace.tap(tap);
                outputs.array(tap, a);
                shapes.put(tap, java.util.Arrays.stream(a.shape()).boxed().toList());
            }
            report.put("taps", shapes);
            report.put("inputs", topClasses(spec, trace, names));
        } finally {
            batch.close();
        }
        outputs.json("report.json", report);
        session.out.println("wrote " + chosen.size() + " taps of " + names.size() + " input(s) to " + out);
    }

    /** The five most probable classes of each input, from the last layer (the softmax, else the logits). */
    private static List<Map<String, Object>> topClasses(ModelSpec spec, ForwardTrace trace, List<String> names) {
        INDArray last = trace.output(spec.layers().size() - 1);
        if (last.rank() != 2) {
            throw new InvalidInputException("model " + spec.name() + " does not end in class scores");
        }
        float[] p = HostArrays.floats(last);
        int classes = (int) last.size(1);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int n = 0; n < names.size(); n++) {
            Integer[] order = new Integer[classes];
            for (int c = 0; c < classes; c++) {
                order[c] = c;
            }
            final int row = n;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(p[row * classes + b], p[row * classes + a]));
            List<Map<String, Object>> top = new ArrayList<>();
            for (int k = 0; k < Math.min(5, classes); k++) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("class", order[k]);
                entry.put("label", spec.label(order[k]));
                entry.put("probability", p[row * classes + order[k]]);
                top.add(entry);
            }
            rows.add(Map.of("name", names.get(n), "top5", top));
        }
        return rows;
    }
}

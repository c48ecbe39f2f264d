package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
@Command(name = "forward",
        description = {"Run the network on inputs, --batch at a time; write every tap as DIR/<tap>.npy and "
                + "DIR/report.json (top-5 classes).", "A tap whose name is not a file name (/layer4/layer4.1/Relu) is "
                + "written as one that is (layer4_layer4.1_Relu.npy); report.json's \"files\" says which file holds "
                + "which tap."})
final class ForwardCommand implements Callable<Integer> {

    @Mixin
    NetworkOptions network;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "PATH",
            description = ".npy float32 batches [N,C,H,W] used as they are (several: one batch, in the order given), or images (.png/.jpg) and folders of them.")
    List<Path> inputs;

    @Option(names = "--taps", split = ",", paramLabel = "TAP", description = "Only these taps (default: all).")
    List<String> taps;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N",
            description = "Inputs per forward pass (default: ${DEFAULT-VALUE}); memory holds one batch, the taps are "
                    + "written batch after batch.")
    int batch;

    private final Session session;

    ForwardCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new InvalidInputException("--batch must be at least 1, got " + batch);
        }
        ModelSpec spec = this.network.spec(session);
        FileInputs files = FileInputs.of(inputs, spec);
        try (Outputs outputs = new Outputs(out)) {
            write(spec, files, outputs);
            outputs.publish();
        }
        return 0;
    }

    /** The inputs in batches of {@code --batch}: each batch's taps appended to their files, its top-5 kept. */
    private void write(ModelSpec spec, FileInputs files, Outputs outputs) {
        try (NetworkCache.Lease lease = this.network.network(session, spec)) {
            write(spec, files, outputs, lease.network());
        }
    }

    private void write(ModelSpec spec, FileInputs files, Outputs outputs, Network network) {
        List<String> chosen = taps == null ? network.taps() : taps;
        chosen.forEach(network::tapLayer);
        int n = files.size();
        List<Map<String, Object>> rows = new ArrayList<>();
        ProgressPrinter progress = new ProgressPrinter(session.err);
        long start = System.nanoTime();
        Map<String, List<Long>> shapes;
        Map<String, String> tapFileNames;
        try (TapFiles tapFiles = new TapFiles(outputs, chosen, n)) {
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                try (INDArray x = files.load(from, to); ForwardTrace trace = network.forward(x)) {
                    tapFiles.append(trace);
                    rows.addAll(topClasses(spec, trace, files, from, to));
                }
                double rate = to / Math.max((System.nanoTime() - start) / 1e9, 1e-9);
                progress.show(String.format(Locale.ROOT, "forward %s %d/%d inputs, %.1f/s, ETA %s",
                        ProgressPrinter.bar(to, n), to, n, rate, ProgressPrinter.duration((n - to) / rate)), to == n);
            }
            shapes = tapFiles.finish();
            tapFileNames = tapFiles.files();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", spec.name());
        report.put("weights", network.weightsSource());
        report.put("backend", network.backend().info().name());
        report.put("preprocessing", files.preprocessing());
        report.put("taps", shapes);
        report.put("files", tapFileNames);
        report.put("inputs", rows);
        outputs.json("report.json", report);
        progress.line("forward: " + n + " input(s) in " + ProgressPrinter.duration((System.nanoTime() - start) / 1e9));
        session.out.println("wrote " + chosen.size() + " taps of " + n + " input(s) to " + out);
    }

    /** The five most probable classes of each input, from the last layer (the softmax, else the logits). */
    private static List<Map<String, Object>> topClasses(ModelSpec spec, ForwardTrace trace, FileInputs files, int from,
            int to) {
        INDArray last = trace.output(spec.layers().size() - 1);
        if (last.rank() != 2) {
            throw new InvalidInputException("model " + spec.name() + " does not end in class scores");
        }
        float[] p = HostArrays.floats(last);
        int classes = (int) last.size(1);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int n = 0; n < to - from; n++) {
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
            rows.add(Map.of("name", files.name(from + n), "top5", top));
        }
        return rows;
    }
}

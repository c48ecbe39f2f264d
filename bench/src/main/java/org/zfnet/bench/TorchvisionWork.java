package org.zfnet.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.ModelProvider;
import org.zfnet.api.model.Network;
import org.zfnet.model.internal.Networks;
import org.zfnet.model.internal.TorchvisionModels;
import org.zfnet.plugin.occlusion.internal.OcclusionPlugin;

/**
 * The torchvision workloads of {@code bench/compare.sh}: ResNet-50 and VGG-16 (zfnet's built-in specs, torchvision's
 * parameter names) forward at batch 1 and 16, and the exact occlusion 48/8 of one 224x224 image with ResNet-50, on
 * seeded He weights that PyTorch loads into torchvision's own models.
 */
final class TorchvisionWork {

    /** A model of the comparison: its key prefix, its built-in provider and its logits tap. */
    private record Model(String key, ModelProvider provider, String logits) {
    }

    private static final List<Model> MODELS = List.of(
            new Model("resnet50", new TorchvisionModels.Resnet50(), "fc"),
            new Model("vgg16", new TorchvisionModels.Vgg16(), "classifier.6"));

    private static final Map<String, String> OCCLUSION = Map.of("patch", "48", "stride", "8", "mode", "exact");

    private static final Networks NETWORKS = new Networks();

    private final Map<String, Network> loaded = new LinkedHashMap<>();

    TorchvisionWork(Path dir, ComputeBackend backend) {
        for (Model m : MODELS) {
            loaded.put(m.key, NETWORKS.load(m.provider.spec(), dir.resolve(m.key + ".safetensors"), backend));
        }
    }

    /** Seeded He weights of every model, as safetensors with torchvision's names. */
    static void prepare(Path dir, ComputeBackend backend) {
        for (Model m : MODELS) {
            NETWORKS.save(NETWORKS.random(m.provider.spec(), 1, backend), dir.resolve(m.key + ".safetensors"));
        }
    }

    /** The rows of the table. */
    static List<Compare.Work> rows() {
        return List.of(
                new Compare.Work("ResNet-50 forward, batch 1", "resnet50-forward-1", "resnet50-forward-1", 1.0),
                new Compare.Work("ResNet-50 forward, batch 16", "resnet50-forward-16", "resnet50-forward-16", 1.0),
                new Compare.Work("VGG-16 forward, batch 1", "vgg16-forward-1", "vgg16-forward-1", 1.0),
                new Compare.Work("VGG-16 forward, batch 16", "vgg16-forward-16", "vgg16-forward-16", 1.0),
                new Compare.Work("ResNet-50 occlusion 48/8 (529 positions), exact", "resnet50-occlusion",
                        "resnet50-occlusion", 0.5));
    }

    /** The outputs checked against PyTorch's, and the arithmetic of each workload. */
    void checks(Compare compare, Map<String, Object> checks, INDArray one, INDArray sixteen) {
        for (Model m : MODELS) {
            Network network = loaded.get(m.key);
            long macs = macs(network.spec());
            checks.put("macs-" + m.key + "-forward-1", (double) macs);
            checks.put("macs-" + m.key + "-forward-16", 16d * macs);
            try (ForwardTrace trace = network.forward(sixteen)) {
                checks.put("diff-" + m.key + "-forward-16", m.logits + " "
                        + compare.diff(HostArrays.floats(trace.tap(m.logits)), m.key + "-forward-16"));
            }
        }
        AnalysisResult occlusion = PluginRuns.run(new OcclusionPlugin(), loaded.get("resnet50"), one, OCCLUSION);
        checks.put("macs-resnet50-occlusion", ((Number) occlusion.summary().get("macs")).doubleValue());
        checks.put("diff-resnet50-occlusion", compare.diff(
                occlusion.arrays().get("class_probability").dup().data().asFloat(), "resnet50-occlusion"));
        occlusion.arrays().values().forEach(INDArray::close);
    }

    /** The timed workloads, in the table's order. */
    List<Compare.Timed> work(INDArray one, INDArray sixteen) {
        Network resnet = loaded.get("resnet50");
        Network vgg = loaded.get("vgg16");
        return List.of(
                timedForward("resnet50-forward-1", resnet, one, 2, 9),
                timedForward("resnet50-forward-16", resnet, sixteen, 1, 3),
                timedForward("vgg16-forward-1", vgg, one, 2, 7),
                timedForward("vgg16-forward-16", vgg, sixteen, 1, 3),
                new Compare.Timed("resnet50-occlusion", true, () -> Compare.median(
                        () -> PluginRuns.runAndClose(new OcclusionPlugin(), resnet, one, OCCLUSION), 0, 1)));
    }

    private static Compare.Timed timedForward(String key, Network network, INDArray x, int warmup, int runs) {
        return new Compare.Timed(key, true, () -> Compare.median(() -> Compare.forward(network, x), warmup, runs));
    }

    private static long macs(ModelSpec spec) {
        return NETWORKS.summarize(spec).stream().mapToLong(LayerSummary::macs).sum();
    }
}

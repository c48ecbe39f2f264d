package org.zfnet.plugin.occlusion.internal;

import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetRun;
import org.zfnet.api.analysis.DatasetWork;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Taps;

/**
 * {@code zfnet analyze occlusion}: Zeiler and Fergus's occlusion sensitivity (Sec. 4.2, Fig. 7). A grey square
 * slides over the image; at each position the target class's probability, the total activation of the strongest
 * feature map of a layer and the most probable class are recorded, and a Captum-style attribution is derived.
 * {@code --mode exact} recomputes only what each square can change; {@code --mode naive} runs the whole network per
 * position (the reference); {@code --mode fast} goes coarse to fine and reports its error. Over many inputs it is a
 * {@link DatasetWork} ({@link OcclusionWork}): the command line runs it one input a shard, a cluster in partitions.
 */
@Component(service = AnalysisPlugin.class)
public class OcclusionPlugin implements AnalysisPlugin {

    @Override
    public String id() {
        return "occlusion";
    }

    @Override
    public String description() {
        return "Occlusion sensitivity: class probability, strongest feature and top class under a sliding grey square, "
                + "and its attribution (Zeiler and Fergus, Sec. 4.2, Fig. 7).";
    }

    // the options, each name written once: the declarations are read back through these constants
    static final OptionSpec PATCH = OptionSpec.text("patch", Settings.AUTO,
            "square side in input pixels; auto = 48/224 of the input (48 for ZFNet)");
    static final OptionSpec STRIDE = OptionSpec.text("stride", Settings.AUTO, "step between positions; auto = patch / 6");
    static final OptionSpec FILL = OptionSpec.decimal("fill", 0.0,
            "value of the square in the network's input space (0 = mean grey)");
    static final OptionSpec TARGET_CLASS = OptionSpec.integer("target-class", -1,
            "class whose probability is watched; -1 = the unoccluded top class").atLeast(-1);
    static final OptionSpec LAYER = OptionSpec.text("layer", Taps.AUTO,
            "tap whose strongest feature map is watched; auto = the last convolution (ZFNet: conv5)");
    static final OptionSpec BATCH = OptionSpec.integer("batch", 32, "square positions per batch").atLeast(1);
    static final OptionSpec MODE = OptionSpec.choice("mode", "exact", List.of("exact", "fast", "naive"),
            "exact incremental inference, coarse-to-fine approximation, or the whole network per position");

    @Override
    public List<OptionSpec> options() {
        return List.of(PATCH, STRIDE, FILL, TARGET_CLASS, LAYER, BATCH, MODE);
    }

    @Override
    public List<DemoRun> demo() {
        return List.of(DemoRun.of("Occlusion sensitivity", "One sample image of each class covered by a grey square at "
                + "every position: the probability of its class, the strongest conv5 feature map and the most probable "
                + "class as functions of the square's position, with the projection of that feature (Fig. 7).",
                DemoRun.ONE_PER_CLASS));
    }

    /**
     * Occlusion over the inputs in name order (repeated names told apart by {@link DatasetRun#local}), one input a
     * shard: {@link OcclusionWork} run by {@link DatasetRun#local}.
     */
    @Override
    public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
        InputSet inputs = request.requireInputs();
        Settings settings = Settings.of(request, context.network());
        try (INDArray first = inputs.load(0, 1); ForwardTrace trace = context.network().forward(first, settings.tap())) {
            ImageOcclusion.requireFeatureMaps(settings.tap(), trace.tap(settings.tap()).shape());
        }
        return DatasetRun.local(new OcclusionWork(request), inputs, 1, context);
    }

    @Override
    public Optional<DatasetWork<?>> datasetWork(AnalysisRequest request) {
        return Optional.of(new OcclusionWork(request));
    }
}

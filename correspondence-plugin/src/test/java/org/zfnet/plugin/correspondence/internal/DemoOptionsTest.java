package org.zfnet.plugin.correspondence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.model.internal.Networks;
import org.zfnet.model.internal.ZfnetMiniModel;
import org.zfnet.model.internal.ZfnetModel;

/**
 * What {@code zfnet demo} runs of this plugin, on the demo model and on ZFNet, passes the checked options that every
 * run goes through ({@link AnalysisRequest#checked}): no option the plugin does not declare, every value valid, and
 * every tap named one the network has.
 */
class DemoOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"zfnet-mini", "zfnet"})
    void everyDemoRunPassesTheCheckedOptions(String model) {
        ModelSpec spec = model.equals("zfnet") ? new ZfnetModel().spec() : new ZfnetMiniModel().spec();
        Network network = new Networks().random(spec, 1, new Nd4jKernels(Nd4jRuntime.start("cpu",
                Nd4jRuntime.CPU_BACKEND)));
        CorrespondencePlugin plugin = new CorrespondencePlugin();
        List<DemoRun> runs = plugin.demo(network);
        assertFalse(runs.isEmpty(), "correspondence shows something in the demo of " + model);
        for (DemoRun run : runs) {
            AnalysisRequest request = AnalysisRequest.checked(plugin, null, run.options());
            for (Map.Entry<String, String> option : run.options().entrySet()) {
                assertEquals(option.getValue(), request.options().get(option.getKey()), run.title());
            }
            for (String tap : List.of("layer", "layers")) {
                if (request.options().containsKey(tap) && !request.option(tap).equals("auto")) {
                    request.listOption(tap).forEach(network::tapLayer); // an unknown tap fails, naming it
                }
            }
        }
    }
}

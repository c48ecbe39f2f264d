package org.zfnet.plugin.stats.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import org.zfnet.testkit.DemoRuns;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

/**
 * What {@code zfnet demo} runs of this plugin, on the demo model and on ZFNet, passes the checked options that every
 * run goes through: no option the plugin does not declare, every value valid, every tap one the network has; and the
 * figures it shows are figures the run makes.
 */
class DemoOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"zfnet-mini", "zfnet"})
    void everyDemoRunPassesTheCheckedOptions(String model) {
        try (Network network = TestNetworks.random(model.equals("zfnet") ? TestNetworks.zfnetSpec()
                : TestNetworks.zfnetMiniSpec(), 1)) {
            assertFalse(DemoRuns.checked(new StatsPlugin(), network).isEmpty(), "stats shows something in the demo of "
                    + model);
        }
    }

    /** Seven convolutions: the demo shows the overview and the channels of five, spread from the first to the last. */
    @Test
    void theDemoShowsTheOverviewAndTheChannelsOfFiveConvolutions() {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            layers.add(LayerSpec.conv("c" + i, 2, 1, 1, 0));
        }
        StatsPlugin plugin = new StatsPlugin();
        try (Network network = TestNetworks.random(new ModelSpec("seven", "", List.of(1, 4, 4), null, List.of(),
                layers), 1)) {
            DemoRun run = DemoRuns.checked(plugin, network).get(0);
            assertEquals(DemoRun.ALL, run.inputs());
            try (AnalysisResult result = plugin.run(AnalysisRequest.checked(plugin, TestInputs.random(network.spec(), 2,
                    1), run.options()), TestContext.of(network))) {
                assertEquals(1 + 7, result.figures().size());
                assertEquals(List.of("fraction-active", "c1-channels", "c3-channels", "c4-channels", "c6-channels",
                        "c7-channels"), result.figures().keySet().stream().filter(run::shows).toList());
            }
        }
    }

    @Test
    void noDemoForANetworkWithoutConvolutions() {
        ModelSpec dense = new ModelSpec("dense", "", List.of(1, 2, 2), null, List.of(), List.of(
                LayerSpec.linear("fc", 3)));
        try (Network network = TestNetworks.random(dense, 1)) {
            assertTrue(new StatsPlugin().demo(network).isEmpty());
        }
    }
}

package org.zfnet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.model.Network;

/** {@link DemoRuns#checked} passes good demo runs and names the run and the fault of a bad one. */
class DemoRunsTest {

    private static final Network NETWORK = TestNetworks.random(TestNetworks.tinyZfnet(63, 63), 1);

    /** A plugin with options {@code layer} (default auto) and {@code steps} (at least 1), showing the given runs. */
    private static AnalysisPlugin showing(DemoRun... runs) {
        return new AnalysisPlugin() {
            @Override
            public String id() {
                return "showing";
            }

            @Override
            public String description() {
                return "shows its demo runs";
            }

            @Override
            public List<OptionSpec> options() {
                return List.of(OptionSpec.text("layer", "auto", "a tap"),
                        OptionSpec.integer("steps", 3, "steps").atLeast(1));
            }

            @Override
            public List<DemoRun> demo(Network network) {
                return List.of(runs);
            }

            @Override
            public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
                return new AnalysisResult();
            }
        };
    }

    @Test
    void goodRunsPass() {
        List<DemoRun> runs = List.of(DemoRun.of("auto", "at the default tap", DemoRun.NONE),
                DemoRun.of("conv5", "at conv5", DemoRun.NONE, "layer", "conv5", "steps", "2"));
        assertEquals(runs, DemoRuns.checked(showing(runs.toArray(DemoRun[]::new)), NETWORK));
    }

    @Test
    void aBadRunIsNamedWithItsFault() {
        assertEquals("demo run 'typo' of plugin showing on tiny-zfnet: plugin showing has no option --stpes",
                assertThrows(AssertionError.class, () -> DemoRuns.checked(showing(DemoRun.of("typo", "",
                        DemoRun.NONE, "stpes", "2")), NETWORK)).getMessage());
        assertEquals("demo run 'zero' of plugin showing on tiny-zfnet: --steps must be at least 1, got 0",
                assertThrows(AssertionError.class, () -> DemoRuns.checked(showing(DemoRun.of("zero", "",
                        DemoRun.NONE, "steps", "0")), NETWORK)).getMessage());
        AssertionError unknownTap = assertThrows(AssertionError.class, () -> DemoRuns.checked(showing(DemoRun.of(
                "conv9", "", DemoRun.NONE, "layer", "conv9")), NETWORK));
        assertEquals(true, unknownTap.getMessage().startsWith("demo run 'conv9' of plugin showing on tiny-zfnet: "),
                unknownTap.getMessage());
        assertEquals(true, unknownTap.getMessage().contains("conv9"), unknownTap.getMessage());
    }
}

package org.zfnet.api.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoRunTest {

    @Test
    void optionsComeInPairsInOrder() {
        DemoRun run = DemoRun.of("t", "c", DemoRun.ALL, "layer", "conv5", "top", "9");
        assertEquals(List.of("layer", "top"), List.copyOf(run.options().keySet()));
        assertEquals("9", run.options().get("top"));
        assertThrows(IllegalArgumentException.class, () -> DemoRun.of("t", "c", DemoRun.ALL, "layer"));
    }

    @Test
    void everyFigureIsShownUnlessSomeArePicked() {
        DemoRun all = DemoRun.of("t", "c", DemoRun.NONE);
        assertTrue(all.shows("anything"));
        DemoRun picked = all.showing("conv5-top9", "input-");
        assertTrue(picked.shows("conv5-top9"));
        assertTrue(picked.shows("input-3"));
        assertFalse(picked.shows("conv5-channel-001"));
    }

    @Test
    void byDefaultAPluginRunsOnOneImagePerClassUnlessAnOptionHasNoDefault() {
        assertEquals(List.of(new DemoRun("plain", "Plain.", DemoRun.ONE_PER_CLASS, Map.of(), List.of())),
                plugin("plain", OptionSpec.integer("k", 3, "k")).demo());
        assertEquals(List.of(), plugin("needy", OptionSpec.text("file", null, "a file")).demo());
    }

    private static AnalysisPlugin plugin(String id, OptionSpec option) {
        return new AnalysisPlugin() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return Character.toUpperCase(id.charAt(0)) + id.substring(1) + ".";
            }

            @Override
            public List<OptionSpec> options() {
                return List.of(option);
            }

            @Override
            public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }
}

package org.zfnet.plugin.occlusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.model.Network;
import org.zfnet.plugin.deconv.internal.DeconvPlugin;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

/**
 * Occlusion shows the deconv projection of the feature it watches (Fig. 7 (c)) by asking the real deconv plugin through
 * a checked request: the projection is there, it is deconv's own for that feature, and a rename of one of the options
 * occlusion passes fails here instead of changing the figure silently.
 */
class OcclusionAsksDeconvTest {

    private final Network network = TestNetworks.random(TestNetworks.tinyZfnet(63, 63), 4);
    private final InputSet image = TestInputs.random(network.spec(), 1, 5);

    @Test
    void theProjectionFigureIsDeconvsProjectionOfTheWatchedFeature() {
        AnalysisResult result = occlusion(new DeconvPlugin());
        assertTrue(result.figures().containsKey("projection"), result.figures().keySet().toString());
        @SuppressWarnings("unchecked")
        int channel = (Integer) ((List<Map<String, Object>>) result.summary().get("inputs")).get(0).get("feature_channel");
        AnalysisResult direct = new DeconvPlugin().run(AnalysisRequest.checked(new DeconvPlugin(), image,
                Map.of("layer", "conv5", "channel", Integer.toString(channel), "mode", "max")), context(new DeconvPlugin()));
        float[] expected = HostArrays.floats(direct.figures().get("projection").data());
        assertArrayEquals(expected, HostArrays.floats(result.figures().get("projection").data()));
        assertTrue(maxAbs(expected) > 0, "a projection, not a blank");
    }

    @Test
    void aDeconvThatRenamedAnOptionOcclusionPassesFailsTheRunNamingBoth() {
        ZfnetException e = assertThrows(ZfnetException.class, () -> occlusion(renaming(new DeconvPlugin(), "channel",
                "feature")));
        assertFalse(e instanceof InvalidInputException, "the plugins' mistake, not the user's");
        assertEquals("a plugin's request to plugin deconv does not fit its options: plugin deconv has no option "
                + "--channel", e.getMessage());
    }

    @Test
    void withoutDeconvThereIsNoProjectionFigure() {
        assertFalse(occlusion(null).figures().containsKey("projection"));
    }

    private AnalysisResult occlusion(AnalysisPlugin deconv) {
        OcclusionPlugin occlusion = new OcclusionPlugin();
        return occlusion.run(AnalysisRequest.checked(occlusion, image, Map.of("patch", "12", "stride", "6", "layer",
                "conv5")), context(deconv));
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** {@code plugin} with option {@code from} renamed to {@code to}, as a new release of it might. */
    private static AnalysisPlugin renaming(AnalysisPlugin plugin, String from, String to) {
        return new AnalysisPlugin() {
            @Override
            public String id() {
                return plugin.id();
            }

            @Override
            public String description() {
                return plugin.description();
            }

            @Override
            public List<OptionSpec> options() {
                return plugin.options().stream().map(o -> !o.name().equals(from) ? o : new OptionSpec(to, o.type(),
                        o.defaultValue(), o.choices(), o.help(), o.min())).toList();
            }

            @Override
            public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
                return plugin.run(request, context);
            }
        };
    }

    /** The network, never cancelled, with {@code deconv} (or no plugin, when null) installed beside occlusion. */
    private AnalysisContext context(AnalysisPlugin deconv) {
        TestContext context = TestContext.of(network);
        return deconv == null ? context : context.plugin(deconv);
    }
}

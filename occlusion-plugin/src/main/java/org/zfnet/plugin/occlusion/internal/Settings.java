package org.zfnet.plugin.occlusion.internal;

import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.Taps;

/**
 * The options of an occlusion run resolved for its network: the grid ({@code auto} patch and stride from the input's
 * size), the watched tap ({@code auto} = the last convolution) and its layer, the fill, the requested target class
 * ({@code -1} = the unoccluded top class), the square positions per batch and the mode.
 */
record Settings(Grid grid, String tap, int featureLayer, float fill, int targetClass, int batch, String mode) {

    /** The value of options chosen from the input's size. */
    static final String AUTO = "auto";

    static Settings of(AnalysisRequest request, Network network) {
        int h = network.spec().input().get(1);
        int w = network.spec().input().get(2);
        int patch = positive(request, OcclusionPlugin.PATCH, Math.round(Math.min(h, w) * 48f / 224));
        int stride = positive(request, OcclusionPlugin.STRIDE, Math.max(1, Math.round(patch / 6f)));
        String layer = request.option(OcclusionPlugin.LAYER);
        String tap = layer.equals(Taps.AUTO) ? Taps.lastConvolution(network) : layer;
        return new Settings(Grid.of(h, w, patch, stride), tap, network.tapLayer(tap),
                (float) request.floatOption(OcclusionPlugin.FILL), request.intOption(OcclusionPlugin.TARGET_CLASS),
                Math.max(1, request.intOption(OcclusionPlugin.BATCH)), request.option(OcclusionPlugin.MODE));
    }

    /** A whole-number option that must be at least 1, or {@link #AUTO} for {@code automatic}. */
    private static int positive(AnalysisRequest request, OptionSpec option, int automatic) {
        if (request.option(option).trim().equals(AUTO)) {
            return automatic;
        }
        int value = request.intOption(option);
        if (value < 1) {
            throw new InvalidInputException("--" + option.name() + " must be at least 1, got " + value);
        }
        return value;
    }
}

package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.backend.Pooled;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Region;

/**
 * {@code maxpool}: square max pooling as PyTorch's {@code MaxPool2d}, floor or ceil mode, padding (minus infinity)
 * {@code pad} or {@code pads} per side, with switches (where each maximum came from, the first on
 * ties). Backward and every projection rule unpool with the switches: values sharing a switch are summed (Zeiler and
 * Fergus's unpooling is the gradient of max pooling).
 */
public final class MaxPool implements LayerType {

    @Override
    public String type() {
        return "maxpool";
    }

    @Override
    public Set<String> fields() {
        return Set.of("kernel", "stride", "pad", "pads", "ceil");
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        return Specs.pooled(Specs.poolGeometry(layer, true, where), Specs.spatial(Specs.only(inputs), where), where);
    }

    public static PoolGeometry geometry(LayerSpec layer) {
        return Specs.poolGeometry(layer, true, "maxpool");
    }

    /** The values alone unless switches are wanted now (finding them costs more than the maxima). */
    @Override
    public INDArray forward(LayerCall call) {
        if (!call.switchesWanted()) {
            return call.backend().maxPoolValues(call.input(), geometry(call.layer()));
        }
        Pooled pooled = call.backend().maxPool(call.input(), geometry(call.layer()));
        call.keep(pooled.switches());
        return pooled.output();
    }

    /** The switches kept by the forward pass, or found now from the layer's input (and kept). */
    public static INDArray switches(LayerCall call) {
        INDArray kept = call.kept();
        if (kept != null) {
            return kept;
        }
        Pooled found = call.backend().maxPool(call.input(), geometry(call.layer()));
        found.output().close();
        call.keep(found.switches());
        return found.switches();
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        INDArray input = call.input();
        return List.of(call.backend().unpool(gradient, switches(call), (int) input.size(2), (int) input.size(3)));
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        PoolGeometry g = geometry(layer);
        return box.through(g.kernel(), g.stride(), 1, g.padTop(), g.padLeft());
    }

    /**
     * Unpools the window into the window of the input that its switches can reach: the switches of the window's
     * positions, from indices into the input plane to indices into the new window, then the backend's unpooling.
     */
    @Override
    public List<Window> projectWindow(LayerCall call, INDArray output, int[] samples, Window signal,
            ProjectionRule rule, boolean lrnGradient) {
        LayerSpec layer = call.layer();
        if (layer.pad() != null && layer.pad() != 0 || layer.pads() != null) {
            return null; // the windows below are those of unpadded pooling; padded pooling walks in full
        }
        PoolGeometry g = geometry(layer);
        int k = g.kernel();
        int s = g.stride();
        INDArray input = call.input();
        int height = (int) input.size(2);
        int width = (int) input.size(3);
        int h = Math.min((signal.height() - 1) * s + k, height);
        int wd = Math.min((signal.width() - 1) * s + k, width);
        int rows = signal.rows();
        int[] top = new int[rows];
        int[] left = new int[rows];
        for (int j = 0; j < rows; j++) {
            top[j] = Window.clamp(signal.top()[j] * s, height - h);
            left[j] = Window.clamp(signal.left()[j] * s, width - wd);
        }
        INDArray switches = switches(call);
        int[] all = HostArrays.ints(switches);
        int channels = (int) switches.size(1);
        int ph = (int) switches.size(2);
        int pw = (int) switches.size(3);
        // y * width + x becomes (y - top) * wd + x - left
        int[] local = new int[rows * channels * signal.height() * signal.width()];
        int o = 0;
        for (int j = 0; j < rows; j++) {
            int shift = top[j] * wd + left[j];
            for (int c = 0; c < channels; c++) {
                for (int y = signal.top()[j]; y < signal.top()[j] + signal.height(); y++) {
                    int from = ((samples[j] * channels + c) * ph + y) * pw + signal.left()[j];
                    for (int x = 0; x < signal.width(); x++) {
                        int at = all[from + x];
                        local[o++] = at + (at / width) * (wd - width) - shift;
                    }
                }
            }
        }
        try (INDArray indices = HostArrays.ints(local, rows, channels, signal.height(), signal.width())) {
            return List.of(new Window(top, left, h, wd, call.backend().unpool(signal.values(), indices, h, wd)));
        }
    }

    /**
     * Without padding, its crop's border holding minus infinity where the padding or a last, partial window (ceil
     * mode) reaches past the input: a crop holds whole windows only, so floor and ceil mode agree on it.
     */
    @Override
    public Optional<Cropped> cropped(LayerSpec layer) {
        return Optional.of(new Cropped(layer.withWindow(layer.kernel(), layer.stride(), null, null),
                Float.NEGATIVE_INFINITY));
    }
}

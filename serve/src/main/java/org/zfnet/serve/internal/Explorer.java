package org.zfnet.serve.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;

/**
 * What the browser asks of the served network, one request at a time: an image's input, top classes, a tap's
 * channel grid, a channel's projection, an occluder position. The forward passes of the last {@link #TRACES} images
 * asked about are kept, so that clicking through channels of one image runs the network once.
 */
final class Explorer implements AutoCloseable {

    /** Forward traces kept, one per image (several tabs on different images each keep theirs). */
    static final int TRACES = 4;

    /** A tap with the shape of one input's output ({@code [C, H, W]} or {@code [F]}) and whether it is windowed. */
    record Tap(String name, long[] shape, boolean windowed) {
    }

    private final Network network;
    private final ImageLibrary images;
    private final List<Tap> taps;
    private final LinkedHashMap<String, Kept> traces = new LinkedHashMap<>(TRACES, 0.75f, true);

    /** A forward pass and its input, which the trace refers to (the input stays the caller's). */
    private record Kept(INDArray input, ForwardTrace trace) implements AutoCloseable {
        @Override
        public void close() {
            trace.close();
            input.close();
        }
    }

    Explorer(Network network, ImageLibrary images) {
        this.network = network;
        this.images = images;
        this.taps = tapShapes(network);
    }

    private static List<Tap> tapShapes(Network network) {
        List<Integer> in = network.spec().input();
        List<Tap> taps = new ArrayList<>();
        try (INDArray zeros = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, in.get(0), in.get(1), in.get(2));
                ForwardTrace trace = network.forward(zeros)) {
            for (String tap : network.taps()) {
                long[] shape = trace.tap(tap).shape();
                taps.add(new Tap(tap, Arrays.copyOfRange(shape, 1, shape.length), network.windowed(tap)));
            }
        }
        return List.copyOf(taps);
    }

    ImageLibrary images() {
        return images;
    }

    /** The model: name, input shape, where the weights came from, class names, taps. */
    Map<String, Object> model() {
        ModelSpec spec = network.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", spec.name());
        m.put("input", spec.input());
        m.put("weights", network.weightsSource());
        m.put("classes", spec.labels() == null ? List.of() : spec.labels());
        m.put("taps", taps);
        return m;
    }

    /** The input as the network sees it: undoing mean and std, the crop at the model's size. */
    synchronized byte[] inputPng(String image) {
        try (INDArray input = images.input(image)) {
            INDArray rgb = Figures.toDisplay(input, network.spec());
            byte[] png = PngBytes.of(rgb);
            rgb.close();
            return png;
        }
    }

    /** The {@code k} most probable classes. */
    synchronized List<TopClasses.Scored> top(String image, int k) {
        return TopClasses.of(classScores(network, trace(image)), network.spec(), k);
    }

    synchronized ChannelGrid.Grid grid(String image, String tap) {
        network.tapLayer(tap);
        return ChannelGrid.of(trace(image).tap(tap), tap);
    }

    synchronized StrongestProjection.Projection projection(String image, String tap, int channel, ProjectionRule rule) {
        network.tapLayer(tap);
        return StrongestProjection.of(network, trace(image), tap, channel, rule);
    }

    /** One occluder position; {@code watchedClass} below 0 watches the unoccluded top class. */
    synchronized Map<String, Object> occlude(String image, int x, int y, int size, int watchedClass, String tap,
            int channel) {
        network.tapLayer(tap);
        int target = watchedClass >= 0 ? watchedClass : top(image, 1).get(0).index();
        long start = System.nanoTime();
        OcclusionProbe.Probe probe;
        try (INDArray input = images.input(image)) {
            probe = OcclusionProbe.at(network, input, x, y, size, target, tap, channel);
        }
        ModelSpec spec = network.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", target);
        m.put("className", spec.label(target));
        m.put("probability", probe.probability());
        m.put("topClass", probe.topClass());
        m.put("topClassName", spec.label(probe.topClass()));
        m.put("topProbability", probe.topProbability());
        m.put("activation", probe.activation());
        m.put("millis", (System.nanoTime() - start) / 1e6);
        return m;
    }

    /** The class probabilities of input 0: the network's last output (for the built-in models, the softmax). */
    static float[] classScores(Network network, ForwardTrace trace) {
        INDArray out = trace.output(network.spec().layers().size() - 1);
        return HostArrays.floats(out.reshape(out.size(0), -1).getRow(0).dup());
    }

    /** The forward pass of an image, kept for the next requests about it. */
    private ForwardTrace trace(String image) {
        Kept kept = traces.get(image);
        if (kept == null) {
            INDArray input = images.input(image);
            try {
                kept = new Kept(input, network.forward(input));
            } catch (RuntimeException e) {
                input.close();
                throw e;
            }
            traces.put(image, kept);
            if (traces.size() > TRACES) {
                var eldest = traces.entrySet().iterator();
                eldest.next().getValue().close();
                eldest.remove();
            }
        }
        return kept.trace();
    }

    @Override
    public synchronized void close() {
        traces.values().forEach(Kept::close);
        traces.clear();
    }
}

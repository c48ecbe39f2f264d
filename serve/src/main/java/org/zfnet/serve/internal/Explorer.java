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
 * What the browser asks of the served network: an image's input, top classes, a tap's channel grid, a channel's
 * projection, an occluder position. Requests run concurrently, {@link #WORKERS} at a time with up to {@link #QUEUE}
 * waiting ({@link RequestGate}; beyond that a 503 with one line); the network is shared and only read. The forward
 * passes of the last {@link #TRACES} images asked about are kept ({@link TraceCache}), so that clicking through
 * channels of one image runs the network once.
 */
final class Explorer implements AutoCloseable {

    /** Forward traces kept, one per image (several tabs on different images each keep theirs). */
    static final int TRACES = 4;
    /** Requests computed at once: each holds an input and a forward pass (or a projection) of its own. */
    static final int WORKERS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** Requests that may wait for a worker; one more is answered {@code 503 server busy, N requests queued}. */
    static final int QUEUE = 32;

    /** A tap with the shape of one input's output ({@code [C, H, W]} or {@code [F]}) and whether it is windowed. */
    record Tap(String name, long[] shape, boolean windowed) {
    }

    private final Network network;
    private final ImageLibrary images;
    private final List<Tap> taps;
    private final TraceCache<Kept> traces;
    private final RequestGate gate = new RequestGate(WORKERS, QUEUE);
    private final OcclusionMaps maps;

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
        this.traces = new TraceCache<>(TRACES, this::forward);
        this.maps = new OcclusionMaps(network, images::input);
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
    byte[] inputPng(String image) {
        return gate.run(() -> {
            try (INDArray input = images.input(image)) {
                INDArray rgb = Figures.toDisplay(input, network.spec());
                byte[] png = PngBytes.of(rgb);
                rgb.close();
                return png;
            }
        });
    }

    /** The {@code k} most probable classes. */
    List<TopClasses.Scored> top(String image, int k) {
        return gate.run(() -> topOf(image, k));
    }

    private List<TopClasses.Scored> topOf(String image, int k) {
        try (TraceCache<Kept>.Lease kept = traces.lease(image)) {
            return TopClasses.of(classScores(network, kept.value().trace()), network.spec(), k);
        }
    }

    ChannelGrid.Grid grid(String image, String tap) {
        network.tapLayer(tap);
        return gate.run(() -> {
            try (TraceCache<Kept>.Lease kept = traces.lease(image)) {
                return ChannelGrid.of(kept.value().trace().tap(tap), tap);
            }
        });
    }

    StrongestProjection.Projection projection(String image, String tap, int channel, ProjectionRule rule) {
        network.tapLayer(tap);
        return gate.run(() -> {
            try (TraceCache<Kept>.Lease kept = traces.lease(image)) {
                return StrongestProjection.of(network, kept.value().trace(), tap, channel, rule);
            }
        });
    }

    /** One occluder position; {@code watchedClass} below 0 watches the unoccluded top class. */
    Map<String, Object> occlude(String image, int x, int y, int size, int watchedClass, String tap, int channel) {
        network.tapLayer(tap);
        return gate.run(() -> occludeNow(image, x, y, size, watchedClass, tap, channel));
    }

    private Map<String, Object> occludeNow(String image, int x, int y, int size, int watchedClass, String tap,
            int channel) {
        int target = watchedClass >= 0 ? watchedClass : topOf(image, 1).get(0).index();
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

    /** The occlusion maps of an image so far, started when they are not the ones computing ({@link OcclusionMaps}). */
    Map<String, Object> occlusionMaps(String image, String tap, int channel, int size, int watchedClass) {
        network.tapLayer(tap);
        checkChannel(tap, channel);
        List<TopClasses.Scored> classes = top(image, Integer.MAX_VALUE);
        if (watchedClass >= classes.size()) {
            throw new HttpError(HttpError.NOT_FOUND, "the model has classes 0 to " + (classes.size() - 1) + ", not "
                    + watchedClass);
        }
        int target = watchedClass >= 0 ? watchedClass : classes.get(0).index();
        return maps.maps(image, tap, channel, size, target);
    }

    private void checkChannel(String tap, int channel) {
        for (Tap t : taps) {
            if (t.name().equals(tap) && (t.shape().length != 3 || channel >= t.shape()[0])) {
                throw new HttpError(HttpError.NOT_FOUND, "tap " + tap + " has no channel " + channel);
            }
        }
    }

    /** The class probabilities of input 0: the network's last output (for the built-in models, the softmax). */
    static float[] classScores(Network network, ForwardTrace trace) {
        INDArray out = trace.output(network.spec().layers().size() - 1);
        return HostArrays.floats(out.reshape(out.size(0), -1).getRow(0).dup());
    }

    /** The forward pass of an image, for {@link #traces} to keep. */
    private Kept forward(String image) {
        INDArray input = images.input(image);
        try {
            return new Kept(input, network.forward(input));
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }

    @Override
    public void close() {
        maps.close();
        traces.close();
    }
}

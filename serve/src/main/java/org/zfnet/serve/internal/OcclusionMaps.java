package org.zfnet.serve.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.model.Network;

/**
 * The paper's three occlusion maps (arXiv 1311.2901, Fig. 7: the watched class's probability, the top class, the
 * watched channel's activation) for the image the page shows, computed in the background, one occluder position after
 * another on a {@value #STEPS}x{@value #STEPS} grid, by one thread of its own (beside the request workers). Asking for
 * other maps (another image, tap, channel or square) stops the one computing and starts those; asking again for the
 * same gives what is computed so far, which the page draws as it fills in.
 */
final class OcclusionMaps implements AutoCloseable {

    /** Occluder positions per axis. */
    static final int STEPS = 12;

    private final Network network;
    private final Function<String, INDArray> inputs;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "zfnet-serve-occlusion-maps");
        t.setDaemon(true);
        return t;
    });
    private Job current;

    /** One set of maps: its parameters, positions, and the values computed so far (NaN / -1 where not yet). */
    private static final class Job {
        final String key;
        final int size;
        final int watched;
        final int[] positions;
        final double[] probability;
        final int[] topClass;
        final double[] activation;
        volatile boolean stopped;
        volatile int done;
        volatile String error;

        Job(String key, int side, int size, int watched) {
            this.key = key;
            this.size = size;
            this.watched = watched;
            int last = Math.max(0, side - size);
            this.positions = new int[Math.min(STEPS, last + 1)];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = positions.length == 1 ? 0 : Math.round(i * last / (float) (positions.length - 1));
            }
            int n = positions.length * positions.length;
            this.probability = new double[n];
            this.topClass = new int[n];
            this.activation = new double[n];
            Arrays.fill(probability, Double.NaN);
            Arrays.fill(topClass, -1);
            Arrays.fill(activation, Double.NaN);
        }
    }

    OcclusionMaps(Network network, Function<String, INDArray> inputs) {
        this.network = network;
        this.inputs = inputs;
    }

    /**
     * The maps of {@code image} with a square of {@code size} watching class {@code watched} and {@code channel} of
     * {@code tap}, as far as they are computed; starts them when they are not the ones computing.
     */
    synchronized Map<String, Object> maps(String image, String tap, int channel, int size, int watched) {
        int side = network.spec().input().get(2);
        if (size < 1 || size > side) {
            throw new HttpError(HttpError.BAD_REQUEST, "size must be 1 to " + side + " pixels, got " + size);
        }
        String key = image + "|" + tap + "|" + channel + "|" + size + "|" + watched;
        if (current == null || !current.key.equals(key)) {
            if (current != null) {
                current.stopped = true;
            }
            Job job = new Job(key, side, size, watched);
            current = job;
            worker.execute(() -> compute(job, image, tap, channel));
        }
        return view(current);
    }

    private void compute(Job job, String image, String tap, int channel) {
        if (job.stopped) {
            return;
        }
        try (INDArray input = inputs.apply(image)) {
            int n = job.positions.length;
            for (int i = 0; i < n * n && !job.stopped; i++) {
                OcclusionProbe.Probe p = OcclusionProbe.at(network, input, job.positions[i % n], job.positions[i / n],
                        job.size, job.watched, tap, channel);
                job.probability[i] = p.probability();
                job.topClass[i] = p.topClass();
                job.activation[i] = p.activation();
                job.done = i + 1;
            }
        } catch (RuntimeException e) {
            job.error = String.valueOf(e.getMessage()).replaceAll("\\R", " ");
        }
    }

    private Map<String, Object> view(Job job) {
        int done = job.done;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("positions", job.positions);
        m.put("size", job.size);
        m.put("class", job.watched);
        m.put("className", network.spec().label(job.watched));
        m.put("done", done);
        m.put("total", job.positions.length * job.positions.length);
        m.put("probability", prefix(job.probability, done));
        List<Integer> top = new ArrayList<>(done);
        for (int i = 0; i < done; i++) {
            top.add(job.topClass[i]);
        }
        m.put("topClass", top);
        m.put("activation", prefix(job.activation, done));
        if (job.error != null) {
            m.put("error", job.error);
        }
        return m;
    }

    private static double[] prefix(double[] values, int n) {
        return Arrays.copyOf(values, n);
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.stopped = true;
        }
        worker.shutdownNow();
    }
}

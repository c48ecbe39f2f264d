package org.zfnet.serve.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;

/**
 * One position of the paper's occlusion experiment (arXiv 1311.2901, Sec. 4.2, Fig. 7): a grey square (zero, the
 * mean after preprocessing, as {@code zfnet analyze occlusion --fill 0}) over the input, then a forward pass: the
 * probability of the class watched, the top class, and the total activation of one channel of a feature-map tap.
 * A plain forward pass of the occluded input; at the latencies measured in {@code bench/} (see the README) this keeps
 * up with a dragged square.
 */
final class OcclusionProbe {

    /**
     * What the network makes of the occluded input.
     *
     * @param probability    the watched class's probability
     * @param topClass       the most probable class
     * @param topProbability its probability
     * @param activation     the watched channel's total activation (sum over its map)
     */
    record Probe(double probability, int topClass, double topProbability, double activation) {
    }

    private OcclusionProbe() {
    }

    /**
     * The square of side {@code size} with its top-left corner at column {@code x}, row {@code y} of the input
     * {@code [1, C, H, W]} (cut where it passes the edges).
     */
    static Probe at(Network network, INDArray input, int x, int y, int size, int watchedClass, String tap, int channel) {
        int h = (int) input.size(2);
        int w = (int) input.size(3);
        if (size < 1 || size > Math.max(h, w)) {
            throw new HttpError(HttpError.BAD_REQUEST, "size must be 1 to " + Math.max(h, w) + " pixels, got " + size);
        }
        if (x < 0 || x >= w || y < 0 || y >= h) {
            throw new HttpError(HttpError.BAD_REQUEST, "square corner (" + x + ", " + y + ") is outside the " + w + "x"
                    + h + " input");
        }
        INDArray occluded = input.dup('c');
        INDArrayIndex[] square = {NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(y, Math.min(h, y + size)), NDArrayIndex.interval(x, Math.min(w, x + size))};
        occluded.get(square).assign(0);
        try (ForwardTrace trace = network.forward(occluded)) {
            float[] probabilities = Explorer.classScores(network, trace);
            if (watchedClass < 0 || watchedClass >= probabilities.length) {
                throw new HttpError(HttpError.NOT_FOUND, "the model has classes 0 to " + (probabilities.length - 1)
                        + ", not " + watchedClass);
            }
            INDArray maps = trace.tap(tap);
            if (maps.rank() != 4 || channel < 0 || channel >= maps.size(1)) {
                throw new HttpError(HttpError.NOT_FOUND, "tap " + tap + " has no channel " + channel);
            }
            double activation = maps.get(NDArrayIndex.point(0), NDArrayIndex.point(channel)).sumNumber().doubleValue();
            int top = 0;
            for (int i = 1; i < probabilities.length; i++) {
                if (probabilities[i] > probabilities[top]) {
                    top = i;
                }
            }
            return new Probe(probabilities[watchedClass], top, probabilities[top], activation);
        } finally {
            occluded.close();
        }
    }

}

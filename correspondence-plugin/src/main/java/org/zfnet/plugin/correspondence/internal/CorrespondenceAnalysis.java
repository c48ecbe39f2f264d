package org.zfnet.plugin.correspondence.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;

/**
 * Zeiler and Fergus's correspondence measure (Sec. 4.3, Table 1). For image i and layer l,
 * {@code eps_i = x_i - x~_i}, the feature vector of the original minus that of the image with the box filled;
 * {@code Delta_l} is the mean over ordered pairs {@code i != j} of the normalised Hamming distance between
 * {@code sign(eps_i)} and {@code sign(eps_j)}: the fraction of positions where the signs differ. A lower Delta means
 * masking the same part changes the representation the same way in every image.
 */
final class CorrespondenceAnalysis {

    private CorrespondenceAnalysis() {
    }

    /** Mean normalised Hamming distance between the signs of every ordered pair of difference vectors. */
    static double delta(List<float[]> epsilons) {
        int n = epsilons.size();
        if (n < 2) {
            throw new org.zfnet.api.InvalidInputException("correspondence needs at least two images, got " + n);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    sum += hamming(epsilons.get(i), epsilons.get(j));
                }
            }
        }
        return sum / (n * (n - 1));
    }

    /** Fraction of positions where {@code signum(a)} differs from {@code signum(b)}. */
    static double hamming(float[] a, float[] b) {
        int differ = 0;
        for (int k = 0; k < a.length; k++) {
            if (Math.signum(a[k]) != Math.signum(b[k])) {
                differ++;
            }
        }
        return (double) differ / a.length;
    }

    /**
     * Per layer, the difference vectors of a set of images (their original features given) with the given boxes
     * filled with {@code fill}, in one forward pass.
     *
     * @param original per layer, each image's feature vector
     */
    static Map<String, List<float[]>> epsilons(Network network, INDArray images, List<Box> boxes, float fill,
            List<String> layers, Map<String, List<float[]>> original) {
        Map<String, List<float[]>> eps = new LinkedHashMap<>();
        try (INDArray masked = mask(images, boxes, fill); ForwardTrace trace = network.forward(masked)) {
            for (String layer : layers) {
                List<float[]> masks = features(trace, layer);
                List<float[]> diffs = new ArrayList<>();
                for (int i = 0; i < masks.size(); i++) {
                    float[] x = original.get(layer).get(i);
                    float[] m = masks.get(i);
                    float[] d = new float[x.length];
                    for (int k = 0; k < d.length; k++) {
                        d[k] = x[k] - m[k];
                    }
                    diffs.add(d);
                }
                eps.put(layer, diffs);
            }
        }
        return eps;
    }

    /** Each image's feature vector at a tap, flattened in C, H, W order. */
    static List<float[]> features(ForwardTrace trace, String layer) {
        INDArray a = trace.tap(layer);
        float[] all = HostArrays.floats(a);
        int n = (int) a.size(0);
        int per = all.length / n;
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per));
        }
        return out;
    }

    /** The images with box i filled with {@code fill} in image i, all channels. */
    static INDArray mask(INDArray images, List<Box> boxes, float fill) {
        long[] s = images.shape();
        float[] data = HostArrays.floats(images);
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            for (int ch = 0; ch < c; ch++) {
                for (int y = b.y(); y < b.y() + b.h(); y++) {
                    int row = ((i * c + ch) * h + y) * w;
                    java.util.Arrays.fill(data, row + b.x(), row + b.x() + b.w(), fill);
                }
            }
        }
        return HostArrays.floats(data, s);
    }

    /** Boxes of the same sizes at uniformly random places inside each image. */
    static List<Box> randomLike(List<Box> boxes, int height, int width, Random random) {
        List<Box> out = new ArrayList<>();
        for (Box b : boxes) {
            out.add(new Box(random.nextInt(height - b.h() + 1), random.nextInt(width - b.w() + 1), b.h(), b.w()));
        }
        return out;
    }
}

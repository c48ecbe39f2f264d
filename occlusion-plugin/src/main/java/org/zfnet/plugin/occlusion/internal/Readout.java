package org.zfnet.plugin.occlusion.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;

/** Reads the watched numbers off a batch of outputs into {@link Maps} at the batch's positions. */
final class Readout {

    private Readout() {
    }

    /** Target probability, its log and the top class, from the logits and the softmax {@code [B, classes]}. */
    static void classes(INDArray logits, INDArray prob, int[] positions, int target, Maps maps) {
        float[] z = HostArrays.floats(logits);
        float[] p = HostArrays.floats(prob);
        int classes = (int) prob.size(1);
        for (int b = 0; b < positions.length; b++) {
            int best = 0;
            double max = z[b * classes];
            for (int c = 1; c < classes; c++) {
                if (p[b * classes + c] > p[b * classes + best]) {
                    best = c;
                }
                max = Math.max(max, z[b * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[b * classes + c] - max);
            }
            maps.probability()[positions[b]] = p[b * classes + target];
            maps.logProbability()[positions[b]] = z[b * classes + target] - max - Math.log(sum);
            maps.topClass()[positions[b]] = best;
        }
    }

    /** Sum over space of one channel of a full layer output {@code [B, C, H, W]} (or {@code [B, features]}). */
    static void feature(INDArray output, int channel, int[] positions, Maps maps) {
        float[] a = HostArrays.floats(output);
        int per = (int) (output.length() / output.size(0));
        int c = (int) output.size(1);
        int plane = per / c;
        for (int b = 0; b < positions.length; b++) {
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += a[b * per + channel * plane + i];
            }
            maps.feature()[positions[b]] = (float) sum;
        }
    }
}

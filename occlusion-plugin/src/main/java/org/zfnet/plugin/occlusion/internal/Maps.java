package org.zfnet.plugin.occlusion.internal;

/**
 * What the network does with the square at each grid position (row by row).
 *
 * @param probability    softmax probability of the target class
 * @param logProbability its natural logarithm, from the logits in double precision (resolves probabilities that
 *                       float32 rounds to 1)
 * @param feature        total activation (sum over space) of the chosen channel of the chosen layer
 * @param topClass       most probable class
 */
record Maps(float[] probability, double[] logProbability, float[] feature, int[] topClass) {

    static Maps of(int positions) {
        return new Maps(new float[positions], new double[positions], new float[positions], new int[positions]);
    }
}

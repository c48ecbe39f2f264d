package org.zfnet.plugin.occlusion.internal;

/**
 * Per pixel, the mean over all square positions covering it of (unoccluded probability - occluded probability):
 * the definition of Captum's {@code Occlusion} with a sliding window of the patch size and the grid's stride.
 * Pixels no position covers get 0.
 */
final class Attribution {

    private Attribution() {
    }

    /** {@code [H * W]} row-major. */
    static float[] of(Grid grid, float unoccluded, float[] occluded) {
        double[] sum = new double[grid.height() * grid.width()];
        int[] count = new int[sum.length];
        for (int p = 0; p < grid.positions(); p++) {
            double delta = unoccluded - occluded[p];
            for (int y = grid.top(p); y < grid.top(p) + grid.patch(); y++) {
                for (int x = grid.left(p); x < grid.left(p) + grid.patch(); x++) {
                    sum[y * grid.width() + x] += delta;
                    count[y * grid.width() + x]++;
                }
            }
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = count[i] == 0 ? 0 : (float) (sum[i] / count[i]);
        }
        return out;
    }
}

package org.zfnet.plugin.occlusion.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Approximate occlusion, coarse to fine: the exact method on every third row and column of the grid (and the last
 * ones), then exactly again where the coarse probability changes most between neighbours (the twentieth of the other
 * positions with the largest change), and bilinear interpolation elsewhere (the top class from the nearest computed
 * position). About a fifth of the positions are computed (on ZFNet 48/8: 81 coarse, 22 refined). The error against
 * the exact method is measured on a seeded sample of the interpolated positions and reported.
 */
final class FastOcclusion {

    /** What was approximated, and how far off it was on the sample. */
    record Estimate(int computed, int interpolated, int sampled, double maxError, double meanError) {
    }

    /** Rows and columns of the grid between those of the coarse pass. */
    private static final int COARSE = 3;
    /** Share of the interpolated positions computed again, those where the coarse map changes most. */
    private static final double REFINED = 0.05;
    /** Interpolated positions computed exactly to measure the error. */
    private static final int SAMPLE = 12;

    private FastOcclusion() {
    }

    static Estimate run(Setup setup, ExactOcclusion exact, Maps maps, Runnable step) {
        Grid g = setup.grid();
        boolean[] known = new boolean[g.positions()];
        List<Integer> coarse = new ArrayList<>();
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                if (isCoarse(r, g.rows()) && isCoarse(c, g.cols())) {
                    coarse.add(r * g.cols() + c);
                }
            }
        }
        compute(exact, coarse, maps, known, step);
        interpolate(g, maps, known);

        // refine where neighbouring coarse values differ most
        double[] change = new double[g.positions()];
        for (int p = 0; p < g.positions(); p++) {
            if (!known[p]) {
                change[p] = localChange(g, maps, known, p);
            }
        }
        double[] sorted = Arrays.stream(change).filter(v -> v > 0).sorted().toArray();
        double threshold = sorted.length == 0 ? Double.MAX_VALUE : sorted[(int) (sorted.length * (1 - REFINED))];
        List<Integer> refine = new ArrayList<>();
        for (int p = 0; p < g.positions(); p++) {
            if (!known[p] && change[p] >= threshold) {
                refine.add(p);
            }
        }
        compute(exact, refine, maps, known, step);
        interpolate(g, maps, known);

        List<Integer> guessed = new ArrayList<>();
        for (int p = 0; p < g.positions(); p++) {
            if (!known[p]) {
                guessed.add(p);
            }
        }
        java.util.Collections.shuffle(guessed, new Random(7));
        List<Integer> sample = guessed.subList(0, Math.min(SAMPLE, guessed.size()));
        Maps check = Maps.of(g.positions());
        exact.run(sample.stream().mapToInt(Integer::intValue).toArray(), check, () -> { });
        double max = 0;
        double sum = 0;
        for (int p : sample) {
            double e = Math.abs(check.probability()[p] - maps.probability()[p]);
            max = Math.max(max, e);
            sum += e;
        }
        for (int i = 0; i < guessed.size(); i++) {
            step.run();
        }
        int computed = (int) java.util.stream.IntStream.range(0, known.length).filter(i -> known[i]).count();
        return new Estimate(computed, guessed.size(), sample.size(), max, sample.isEmpty() ? 0 : sum / sample.size());
    }

    /** Every {@link #COARSE}-th index, and always the last one so that interpolation never extrapolates. */
    private static boolean isCoarse(int i, int n) {
        return i % COARSE == 0 || i == n - 1;
    }

    private static void compute(ExactOcclusion exact, List<Integer> positions, Maps maps, boolean[] known,
            Runnable step) {
        exact.run(positions.stream().mapToInt(Integer::intValue).toArray(), maps, step);
        positions.forEach(p -> known[p] = true);
    }

    /** Fills unknown positions bilinearly from the known ones of the same rows and columns around them. */
    private static void interpolate(Grid g, Maps maps, boolean[] known) {
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                int p = r * g.cols() + c;
                if (known[p]) {
                    continue;
                }
                int r0 = r;
                while (r0 > 0 && !knownRow(g, known, r0, c)) {
                    r0--;
                }
                int r1 = r;
                while (r1 < g.rows() - 1 && !knownRow(g, known, r1, c)) {
                    r1++;
                }
                int c0 = c;
                while (c0 > 0 && !known[r0 * g.cols() + c0]) {
                    c0--;
                }
                int c1 = c;
                while (c1 < g.cols() - 1 && !known[r0 * g.cols() + c1]) {
                    c1++;
                }
                double fy = r1 == r0 ? 0 : (double) (r - r0) / (r1 - r0);
                double fx = c1 == c0 ? 0 : (double) (c - c0) / (c1 - c0);
                maps.probability()[p] = (float) bilinear(maps.probability(), g, r0, r1, c0, c1, fy, fx);
                maps.feature()[p] = (float) bilinear(maps.feature(), g, r0, r1, c0, c1, fy, fx);
                double[] logs = maps.logProbability();
                double top = logs[r0 * g.cols() + c0] * (1 - fx) + logs[r0 * g.cols() + c1] * fx;
                double bottom = logs[r1 * g.cols() + c0] * (1 - fx) + logs[r1 * g.cols() + c1] * fx;
                logs[p] = top * (1 - fy) + bottom * fy;
                int nr = fy < 0.5 ? r0 : r1;
                int nc = fx < 0.5 ? c0 : c1;
                maps.topClass()[p] = maps.topClass()[nr * g.cols() + nc];
            }
        }
    }

    private static boolean knownRow(Grid g, boolean[] known, int r, int c) {
        for (int x = 0; x < g.cols(); x++) {
            if (known[r * g.cols() + x]) {
                return true;
            }
        }
        return false;
    }

    private static double bilinear(float[] v, Grid g, int r0, int r1, int c0, int c1, double fy, double fx) {
        double top = v[r0 * g.cols() + c0] * (1 - fx) + v[r0 * g.cols() + c1] * fx;
        double bottom = v[r1 * g.cols() + c0] * (1 - fx) + v[r1 * g.cols() + c1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /** How much the (interpolated) probability varies around a position: the largest difference to a neighbour. */
    private static double localChange(Grid g, Maps maps, boolean[] known, int p) {
        int r = p / g.cols();
        int c = p % g.cols();
        double max = 0;
        for (int dr = -1; dr <= 1; dr++) {
            for (int dc = -1; dc <= 1; dc++) {
                int rr = r + dr;
                int cc = c + dc;
                if (rr >= 0 && rr < g.rows() && cc >= 0 && cc < g.cols()) {
                    max = Math.max(max, Math.abs(maps.probability()[rr * g.cols() + cc] - maps.probability()[p]));
                }
            }
        }
        return max;
    }
}

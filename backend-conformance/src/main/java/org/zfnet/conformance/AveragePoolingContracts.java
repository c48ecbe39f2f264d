package org.zfnet.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.zfnet.api.backend.PoolGeometry;

/** {@code avgPool} and {@code globalAvgPool} against the reference and hand-computed cases. */
final class AveragePoolingContracts {

    private static final double TOLERANCE = 1e-6;

    private AveragePoolingContracts() {
    }

    static List<Contract> all() {
        List<Contract> list = new ArrayList<>();
        pool(list, "2x2/2 floor on 7x7", new PoolGeometry(2, 2, false), 2, 3, 7, 7);
        pool(list, "3x3/2 pad 1, padding counted (PyTorch's default)", PoolGeometry.padded(3, 2, false,
                List.of(1, 1, 1, 1), true), 2, 3, 9, 8);
        pool(list, "3x3/2 pad 1, padding not counted", PoolGeometry.padded(3, 2, false, List.of(1, 1, 1, 1), false),
                2, 3, 9, 8);
        pool(list, "3x3/2 ceil on 10x11: the last window is partial and divides by what it covers", new PoolGeometry(3,
                2, true), 1, 4, 10, 11);
        pool(list, "3x3/2 ceil, pads [0, 1, 1, 0], padding counted", PoolGeometry.padded(3, 2, true,
                List.of(0, 1, 1, 0), true), 2, 2, 8, 9);
        pool(list, "7x7/1 on 7x7: one window, the whole plane", new PoolGeometry(7, 1, false), 3, 5, 7, 7);
        list.add(new Contract("avgPool", "hand-computed: 1..4 in 2x2, 2x2/1 pad 1, padding counted or not", b -> {
            Tensor x = new Tensor(new int[] {1, 1, 2, 2}, new double[] {1, 2, 3, 4});
            PoolGeometry counted = PoolGeometry.padded(2, 1, false, List.of(1, 1, 1, 1), true);
            PoolGeometry notCounted = PoolGeometry.padded(2, 1, false, List.of(1, 1, 1, 1), false);
            // 2x2 windows over [[0,0,0,0],[0,1,2,0],[0,3,4,0],[0,0,0,0]]: sums 1 3 2 / 4 10 6 / 3 7 4
            double[] sums = {1, 3, 2, 4, 10, 6, 3, 7, 4};
            double[] covered = {1, 2, 1, 2, 4, 2, 1, 2, 1};
            Tensor byFour = new Tensor(new int[] {1, 1, 3, 3}, sums).map(v -> v / 4);
            Tensor byCovered = new Tensor(new int[] {1, 1, 3, 3}, sums.clone());
            for (int i = 0; i < sums.length; i++) {
                byCovered.data()[i] /= covered[i];
            }
            return Outcome.compare(Tensor.of(b.avgPool(x.toFloat(), counted)), byFour, 1e-7)
                    .and(Outcome.compare(Tensor.of(b.avgPool(x.toFloat(), notCounted)), byCovered, 1e-7));
        }));

        list.add(new Contract("globalAvgPool", "batch 3, 17 channels on 7x5", b -> {
            Tensor x = Tensor.uniform(new SplittableRandom(31), -1, 1, 3, 17, 7, 5).roundedToFloat();
            return Outcome.compare(Tensor.of(b.globalAvgPool(x.toFloat())), ReferenceKernels.globalAvgPool(x), TOLERANCE);
        }));
        list.add(new Contract("globalAvgPool", "hand-computed: the mean of 1..6 is 3.5", b -> {
            Tensor x = new Tensor(new int[] {1, 1, 2, 3}, new double[] {1, 2, 3, 4, 5, 6});
            return Outcome.compare(Tensor.of(b.globalAvgPool(x.toFloat())), new Tensor(new int[] {1, 1, 1, 1},
                    new double[] {3.5}), 0);
        }));
        return list;
    }

    private static void pool(List<Contract> list, String name, PoolGeometry g, int... shape) {
        list.add(new Contract("avgPool", name, b -> {
            Tensor x = Tensor.uniform(new SplittableRandom(name.hashCode()), -1, 1, shape).roundedToFloat();
            return Outcome.compare(Tensor.of(b.avgPool(x.toFloat(), g)), ReferenceKernels.avgPool(x, g), TOLERANCE);
        }));
    }
}

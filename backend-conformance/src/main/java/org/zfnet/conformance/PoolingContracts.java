package org.zfnet.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.backend.Pooled;

/** {@code maxPool} (values and switches), {@code maxPoolValues} and {@code unpool} against the reference and hand-computed cases. */
final class PoolingContracts {

    private static final PoolGeometry ZFNET = new PoolGeometry(3, 2, true);

    private PoolingContracts() {
    }

    static List<Contract> all() {
        List<Contract> list = new ArrayList<>();
        pool(list, "ZFNet pool1, ceil mode 110 to 55", ZFNET, r -> Tensor.uniform(r, -1, 1, 2, 5, 110, 110));
        pool(list, "ZFNet pool2, ceil mode 26 to 13", ZFNET, r -> Tensor.uniform(r, -1, 1, 2, 5, 26, 26));
        pool(list, "ZFNet pool5, ceil mode 13 to 6", ZFNET, r -> Tensor.uniform(r, -1, 1, 2, 5, 13, 13));
        pool(list, "all negative, ceil mode 13 to 6 (partial windows are not zero-padded)", ZFNET,
                r -> Tensor.uniform(r, -5, -1, 2, 3, 13, 13));
        pool(list, "all negative, ceil mode 8 to 4", ZFNET, r -> Tensor.uniform(r, -5, -1, 1, 3, 8, 8));
        pool(list, "ties: values from {0, 1, 2}, first maximum in row-major order", ZFNET,
                r -> Tensor.levels(r, 3, 2, 3, 9, 9));
        pool(list, "floor mode 2x2/2 on 7x7", new PoolGeometry(2, 2, false), r -> Tensor.uniform(r, -1, 1, 2, 3, 7, 7));
        pool(list, "floor mode 3x3/2 on 13x13 (13 to 6 as well)", new PoolGeometry(3, 2, false),
                r -> Tensor.uniform(r, -1, 1, 1, 9, 13, 13));
        pool(list, "ceil mode, kernel smaller than stride: 1x1/2 on 4x4 gives 2x2", new PoolGeometry(1, 2, true),
                r -> Tensor.uniform(r, -1, 1, 1, 2, 4, 4));
        pool(list, "non-square 11x6, ceil mode", ZFNET, r -> Tensor.uniform(r, -1, 1, 3, 2, 11, 6));
        pool(list, "3x3 windows at stride 1 on 9x7", new PoolGeometry(3, 1, false),
                r -> Tensor.uniform(r, -1, 1, 2, 3, 9, 7));
        pool(list, "3x3 windows at stride 3, ceil mode 10x11 to 4x4", new PoolGeometry(3, 3, true),
                r -> Tensor.uniform(r, -1, 1, 1, 4, 10, 11));

        // padding with minus infinity (PyTorch's MaxPool2d(3, 2, padding=1), ResNet's stem), per side as ONNX allows
        pool(list, "all negative, 3x3/2 pad 1 on 9x8 (padding is minus infinity, not zero)",
                PoolGeometry.padded(3, 2, false, List.of(1, 1, 1, 1), true), r -> Tensor.uniform(r, -5, -1, 2, 3, 9, 8));
        pool(list, "all negative, 3x3/2 pad 1 ceil on 10x11", PoolGeometry.padded(3, 2, true, List.of(1, 1, 1, 1), true),
                r -> Tensor.uniform(r, -5, -1, 1, 3, 10, 11));
        pool(list, "ties, 2x2/2 pads [1, 0, 0, 1] on 7x6", PoolGeometry.padded(2, 2, false, List.of(1, 0, 0, 1), true),
                r -> Tensor.levels(r, 3, 2, 2, 7, 6));
        list.add(new Contract("maxPool", "hand-computed: 2x2, 3x3/1 pad 1: every window holds a corner of -1..-4", b -> {
            Pooled p = b.maxPool(new Tensor(new int[] {1, 1, 2, 2}, new double[] {-1, -2, -3, -4}).toFloat(),
                    PoolGeometry.padded(3, 1, false, List.of(1, 1, 1, 1), true));
            return Outcome.compare(Tensor.of(p.output()), new Tensor(new int[] {1, 1, 2, 2}, new double[] {-1, -1, -1, -1}), 0)
                    .and(switches(Tensor.of(p.switches()), new Tensor(new int[] {1, 1, 2, 2}, new double[] {0, 0, 0, 0})));
        }));
        list.add(new Contract("maxPool", "hand-computed: 4x4, 3x3/2 ceil, one maximum shared by all four windows", b -> {
            Pooled p = b.maxPool(sharedSwitchInput().toFloat(), ZFNET);
            return Outcome.compare(Tensor.of(p.output()), new Tensor(new int[] {1, 1, 2, 2}, new double[] {9, 9, 9, 9}), 0)
                    .and(switches(Tensor.of(p.switches()), new Tensor(new int[] {1, 1, 2, 2}, new double[] {10, 10, 10, 10})));
        }));
        list.add(new Contract("unpool", "hand-computed: values sharing one switch are summed (1+2+3+4 at (2,2))", b -> {
            Pooled p = b.maxPool(sharedSwitchInput().toFloat(), ZFNET);
            Tensor values = new Tensor(new int[] {1, 1, 2, 2}, new double[] {1, 2, 3, 4});
            double[] expected = new double[16];
            expected[10] = 10;
            return Outcome.compare(Tensor.of(b.unpool(values.toFloat(), p.switches(), 4, 4)),
                    new Tensor(new int[] {1, 1, 4, 4}, expected), 0);
        }));
        unpool(list, "ZFNet pool1 back to 110", r -> Tensor.uniform(r, -1, 1, 2, 3, 110, 110), 110, 110);
        unpool(list, "overlapping windows on 13x13 (shared switches)", r -> Tensor.levels(r, 4, 2, 5, 13, 13), 13, 13);
        unpool(list, "non-square 11x6", r -> Tensor.uniform(r, -1, 1, 3, 2, 11, 6), 11, 6);
        return list;
    }

    /** Zero except a 9 at (2, 2), which every 3x3/2 window of a 4x4 plane contains. */
    private static Tensor sharedSwitchInput() {
        double[] x = new double[16];
        x[2 * 4 + 2] = 9;
        return new Tensor(new int[] {1, 1, 4, 4}, x);
    }

    private static void pool(List<Contract> list, String name, PoolGeometry g, Function<SplittableRandom, Tensor> input) {
        list.add(new Contract("maxPool", name, b -> {
            Tensor x = input.apply(new SplittableRandom(name.hashCode())).roundedToFloat();
            ReferenceKernels.Pool expected = ReferenceKernels.maxPool(x, g);
            Pooled actual = b.maxPool(x.toFloat(), g);
            return Outcome.compare(Tensor.of(actual.output()), expected.output(), 0)
                    .and(switches(Tensor.of(actual.switches()), expected.switches()));
        }));
        list.add(new Contract("maxPoolValues", name, b -> {
            Tensor x = input.apply(new SplittableRandom(name.hashCode())).roundedToFloat();
            return Outcome.compare(Tensor.of(b.maxPoolValues(x.toFloat(), g)), ReferenceKernels.maxPool(x, g).output(), 0);
        }));
    }

    private static void unpool(List<Contract> list, String name, Function<SplittableRandom, Tensor> input, int h, int w) {
        list.add(new Contract("unpool", name, b -> {
            SplittableRandom random = new SplittableRandom(name.hashCode());
            Tensor x = input.apply(random).roundedToFloat();
            ReferenceKernels.Pool pooled = ReferenceKernels.maxPool(x, ZFNET);
            Tensor values = Tensor.uniform(random, -1, 1, pooled.output().shape()).roundedToFloat();
            Tensor expected = ReferenceKernels.unpool(values, pooled.switches(), h, w);
            Tensor actual = Tensor.of(b.unpool(values.toFloat(), pooled.switches().toInt(), h, w));
            return Outcome.compare(actual, expected, 1e-6);
        }));
    }

    /** Switches must be identical: the error is the number of switches that differ. */
    private static Outcome switches(Tensor actual, Tensor expected) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return Outcome.compare(actual, expected, 0);
        }
        int wrong = 0;
        int first = -1;
        for (int i = 0; i < actual.data().length; i++) {
            if (actual.data()[i] != expected.data()[i]) {
                wrong++;
                first = first < 0 ? i : first;
            }
        }
        return new Outcome(wrong, 0, wrong == 0 ? "switches identical"
                : wrong + " switches differ, first at " + first + ": " + actual.data()[first] + " vs " + expected.data()[first]);
    }
}

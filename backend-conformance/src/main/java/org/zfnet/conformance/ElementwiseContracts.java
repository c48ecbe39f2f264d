package org.zfnet.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.zfnet.api.backend.Dropped;
import org.zfnet.api.backend.LrnSpec;

/**
 * {@code lrn}, {@code relu}, {@code relu6}, {@code batchNorm}, {@code linear}, {@code softmax} and {@code dropout}
 * against the reference.
 */
final class ElementwiseContracts {

    private static final double TOLERANCE = 1e-5;

    private ElementwiseContracts() {
    }

    static List<Contract> all() {
        List<Contract> list = new ArrayList<>();
        lrn(list, "ZFNet LRN(5, 1e-4, 0.75, 2) on 96 channels", LrnSpec.zfnet(), -20, 20, 2, 96, 7, 7);
        lrn(list, "fewer channels than the window", LrnSpec.zfnet(), -20, 20, 1, 3, 4, 4);
        lrn(list, "even window 4 (2 before, 1 after), alpha 1, beta 0.5, k 1", new LrnSpec(4, 1, 0.5, 1), -2, 2, 2, 7, 3, 5);
        lrn(list, "strong normalisation: size 3, alpha 2, beta 0.75, k 1", new LrnSpec(3, 2, 0.75, 1), -2, 2, 3, 5, 4, 3);

        list.add(new Contract("relu", "negatives, zeros and positives", b -> {
            Tensor x = Tensor.levels(new SplittableRandom(3), 5, 2, 3, 5, 5).map(v -> v - 2);
            return Outcome.compare(Tensor.of(b.relu(x.toFloat())), ReferenceKernels.relu(x), 0);
        }));
        list.add(new Contract("reluInPlace", "negatives, zeros and positives; the result is the input array", b -> {
            Tensor x = Tensor.uniform(new SplittableRandom(4), -1, 1, 2, 96, 11, 11).roundedToFloat();
            org.nd4j.linalg.api.ndarray.INDArray owned = x.toFloat();
            org.nd4j.linalg.api.ndarray.INDArray result = b.reluInPlace(owned);
            return Outcome.compare(Tensor.of(result), ReferenceKernels.relu(x), 0)
                    .and(Outcome.compare(Tensor.of(owned), ReferenceKernels.relu(x), 0));
        }));

        list.add(new Contract("relu6", "hand-computed: -1, 0, 3, 6, 7.5 clip to 0, 0, 3, 6, 6", b -> {
            Tensor x = new Tensor(new int[] {1, 5}, new double[] {-1, 0, 3, 6, 7.5});
            return Outcome.compare(Tensor.of(b.relu6(x.toFloat())), new Tensor(new int[] {1, 5}, new double[] {0, 0, 3, 6, 6}), 0);
        }));
        list.add(new Contract("relu6", "values in [-3, 9] on 2x5x6x6", b -> {
            Tensor x = Tensor.uniform(new SplittableRandom(8), -3, 9, 2, 5, 6, 6).roundedToFloat();
            return Outcome.compare(Tensor.of(b.relu6(x.toFloat())), ReferenceKernels.relu6(x), 0);
        }));
        list.add(new Contract("batchNorm", "hand-computed: (x - 1) / sqrt(3 + 1) * 2 + 0.5 on one channel", b -> {
            Tensor x = new Tensor(new int[] {1, 1, 1, 3}, new double[] {1, 3, -1});
            Tensor expected = new Tensor(new int[] {1, 1, 1, 3}, new double[] {0.5, 2.5, -1.5});
            return Outcome.compare(Tensor.of(b.batchNorm(x.toFloat(), one(1), one(3), one(2), one(0.5), 1)), expected, 1e-7);
        }));
        batchNorm(list, "16 channels, eps 1e-5, batch 3 on 5x7", 3, 16, 5, 7, 1e-5);
        batchNorm(list, "3 channels, eps 1e-3, 1x1 maps", 4, 3, 1, 1, 1e-3);

        linear(list, "3x17 to 5 with bias", 3, 17, 5, true);
        linear(list, "2x1024 to 257 without bias", 2, 1024, 257, false);
        linear(list, "batch 16, 300 to 10 with bias", 16, 300, 10, true);

        softmax(list, "3 rows of 10 logits in [-50, 50] (needs the max subtracted)", 3, 10, 50);
        softmax(list, "2 rows of 1000 logits in [-5, 5]", 2, 1000, 5);

        list.add(new Contract("dropout", "p 0.5, seed 7: the contract's mask, output = input * mask", b -> {
            Tensor x = Tensor.uniform(new SplittableRandom(5), -1, 1, 2, 4096).roundedToFloat();
            Dropped d = b.dropout(x.toFloat(), 0.5, 7);
            Tensor mask = ReferenceKernels.dropoutMask(x.shape(), 0.5, 7);
            Tensor out = x.copy();
            for (int i = 0; i < out.data().length; i++) {
                out.data()[i] *= mask.data()[i];
            }
            return Outcome.compare(Tensor.of(d.mask()), mask, 0).and(Outcome.compare(Tensor.of(d.output()), out, 1e-7));
        }));
        list.add(new Contract("dropout", "p 0 keeps everything", b -> {
            Tensor x = Tensor.uniform(new SplittableRandom(6), -1, 1, 3, 5, 2, 2).roundedToFloat();
            return Outcome.compare(Tensor.of(b.dropout(x.toFloat(), 0, 1).output()), x, 0);
        }));
        return list;
    }

    private static void lrn(List<Contract> list, String name, LrnSpec spec, double lo, double hi, int... shape) {
        list.add(new Contract("lrn", name, b -> {
            Tensor x = Tensor.uniform(new SplittableRandom(name.hashCode()), lo, hi, shape).roundedToFloat();
            return Outcome.compare(Tensor.of(b.lrn(x.toFloat(), spec)), ReferenceKernels.lrn(x, spec), TOLERANCE);
        }));
    }

    private static org.nd4j.linalg.api.ndarray.INDArray one(double v) {
        return new Tensor(new int[] {1}, new double[] {v}).toFloat();
    }

    private static void batchNorm(List<Contract> list, String name, int n, int c, int h, int w, double eps) {
        list.add(new Contract("batchNorm", name, b -> {
            SplittableRandom random = new SplittableRandom(name.hashCode());
            Tensor x = Tensor.uniform(random, -3, 3, n, c, h, w).roundedToFloat();
            Tensor mean = Tensor.uniform(random, -1, 1, c).roundedToFloat();
            Tensor variance = Tensor.uniform(random, 0, 4, c).roundedToFloat();
            Tensor weight = Tensor.uniform(random, -2, 2, c).roundedToFloat();
            Tensor bias = Tensor.uniform(random, -1, 1, c).roundedToFloat();
            Tensor actual = Tensor.of(b.batchNorm(x.toFloat(), mean.toFloat(), variance.toFloat(), weight.toFloat(),
                    bias.toFloat(), eps));
            return Outcome.compare(actual, ReferenceKernels.batchNorm(x, mean, variance, weight, bias, eps), TOLERANCE);
        }));
    }

    private static void linear(List<Contract> list, String name, int n, int in, int out, boolean bias) {
        list.add(new Contract("linear", name, b -> {
            SplittableRandom random = new SplittableRandom(name.hashCode());
            Tensor x = Tensor.uniform(random, -1, 1, n, in).roundedToFloat();
            Tensor w = Tensor.uniform(random, -1, 1, out, in).roundedToFloat();
            Tensor bb = bias ? Tensor.uniform(random, -1, 1, out).roundedToFloat() : null;
            Tensor actual = Tensor.of(b.linear(x.toFloat(), w.toFloat(), bb == null ? null : bb.toFloat()));
            return Outcome.compare(actual, ReferenceKernels.linear(x, w, bb), 1e-4);
        }));
    }

    private static void softmax(List<Contract> list, String name, int n, int k, double range) {
        list.add(new Contract("softmax", name, b -> {
            Tensor z = Tensor.uniform(new SplittableRandom(name.hashCode()), -range, range, n, k).roundedToFloat();
            return Outcome.compare(Tensor.of(b.softmax(z.toFloat())), ReferenceKernels.softmax(z), 1e-6);
        }));
    }
}

package org.zfnet.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.ConvGradients;
import org.zfnet.api.backend.LinearGradients;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.backend.PoolGeometry;

/**
 * The backward kernels against finite differences of the reference forward kernels, for the scalar
 * loss {@code L = sum(r * f(x))} with a random {@code r} (which is then the incoming gradient).
 */
final class GradientContracts {

    static final double TOLERANCE = 1e-3;

    private GradientContracts() {
    }

    static List<Contract> all() {
        List<Contract> list = new ArrayList<>();
        conv(list, "3 channels 6x7, 3x3/2 pad 1", new int[] {2, 3, 6, 7}, new int[] {4, 3, 3, 3}, ConvGeometry.of(2, 1));
        conv(list, "5 channels 7x5, 2x3 filters, stride 1x2", new int[] {1, 5, 7, 5}, new int[] {3, 5, 2, 3},
                new ConvGeometry(1, 2, 0, 1));
        conv(list, "2 groups, dilation 2, pads [1, 0, 2, 1], stride 2x1", new int[] {2, 4, 8, 7}, new int[] {6, 2, 3, 2},
                new ConvGeometry(2, 1, 1, 0, 2, 1, 2, 2));
        conv(list, "depthwise 3x3/1 pad 1", new int[] {1, 3, 5, 6}, new int[] {3, 1, 3, 3},
                new ConvGeometry(1, 1, 1, 1, 1, 1, 1, 3));
        list.add(new Contract("conv2dTranspose", "is the input gradient of conv2d (finite differences)", b -> {
            SplittableRandom random = new SplittableRandom(21);
            ConvGeometry g = ConvGeometry.of(2, 1);
            Tensor x = Tensor.uniform(random, -1, 1, 2, 3, 7, 6).roundedToFloat();
            Tensor w = Tensor.uniform(random, -1, 1, 4, 3, 3, 3).roundedToFloat();
            Tensor r = Tensor.uniform(random, -1, 1, ReferenceKernels.conv2d(x, w, null, g).shape()).roundedToFloat();
            Tensor numeric = FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.conv2d(t, w, null, g)), x);
            return Outcome.compare(Tensor.of(b.conv2dTranspose(r.toFloat(), w.toFloat(), g, 7, 6)), numeric, TOLERANCE);
        }));

        list.add(new Contract("linearBackward", "3x7 to 4 (input, weight and bias gradients)", b -> {
            SplittableRandom random = new SplittableRandom(22);
            Tensor x = Tensor.uniform(random, -1, 1, 3, 7).roundedToFloat();
            Tensor w = Tensor.uniform(random, -1, 1, 4, 7).roundedToFloat();
            Tensor bias = Tensor.uniform(random, -1, 1, 4).roundedToFloat();
            Tensor r = Tensor.uniform(random, -1, 1, 3, 4).roundedToFloat();
            LinearGradients grads = b.linearBackward(x.toFloat(), w.toFloat(), r.toFloat());
            return Outcome.compare(Tensor.of(grads.input()),
                            FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.linear(t, w, bias)), x), TOLERANCE)
                    .and(Outcome.compare(Tensor.of(grads.weights()),
                            FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.linear(x, t, bias)), w), TOLERANCE))
                    .and(Outcome.compare(Tensor.of(grads.bias()),
                            FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.linear(x, w, t)), bias), TOLERANCE));
        }));

        list.add(new Contract("unpool", "is the gradient of max pooling, 3x3/2 ceil on 7x7 (finite differences)", b -> {
            SplittableRandom random = new SplittableRandom(23);
            PoolGeometry g = new PoolGeometry(3, 2, true);
            Tensor x = Tensor.distinct(random, 0.01, 2, 2, 7, 7).roundedToFloat();
            Tensor r = Tensor.uniform(random, -1, 1, ReferenceKernels.maxPool(x, g).output().shape()).roundedToFloat();
            Tensor numeric = FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.maxPool(t, g).output()), x);
            var switches = b.maxPool(x.toFloat(), g).switches();
            return Outcome.compare(Tensor.of(b.unpool(r.toFloat(), switches, 7, 7)), numeric, TOLERANCE);
        }));

        lrn(list, "ZFNet LRN on 8 channels", LrnSpec.zfnet(), 20, new int[] {2, 8, 3, 3});
        lrn(list, "strong normalisation: size 5, alpha 1, beta 0.75, k 1", new LrnSpec(5, 1, 0.75, 1), 2, new int[] {2, 6, 3, 4});
        lrn(list, "even window 4, alpha 2, beta 0.5, k 1", new LrnSpec(4, 2, 0.5, 1), 2, new int[] {1, 7, 2, 3});

        avgPool(list, "3x3/2 ceil, pads [1, 0, 1, 1], padding counted", PoolGeometry.padded(3, 2, true,
                java.util.List.of(1, 0, 1, 1), true));
        avgPool(list, "3x3/2 ceil, pad 1, padding not counted", PoolGeometry.padded(3, 2, true,
                java.util.List.of(1, 1, 1, 1), false));
        avgPool(list, "2x2/2 floor", new PoolGeometry(2, 2, false));
        list.add(new Contract("globalAvgPoolBackward", "5x6 planes (finite differences)", b -> {
            SplittableRandom random = new SplittableRandom(26);
            Tensor x = Tensor.uniform(random, -1, 1, 2, 3, 5, 6).roundedToFloat();
            Tensor r = Tensor.uniform(random, -1, 1, 2, 3, 1, 1).roundedToFloat();
            Tensor numeric = FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.globalAvgPool(t)), x);
            return Outcome.compare(Tensor.of(b.globalAvgPoolBackward(r.toFloat(), 5, 6)), numeric, TOLERANCE);
        }));
        list.add(new Contract("batchNormBackward", "4 channels, eps 1e-3 (finite differences)", b -> {
            SplittableRandom random = new SplittableRandom(27);
            Tensor x = Tensor.uniform(random, -2, 2, 2, 4, 3, 3).roundedToFloat();
            Tensor mean = Tensor.uniform(random, -1, 1, 4).roundedToFloat();
            Tensor variance = Tensor.uniform(random, 0.1, 2, 4).roundedToFloat();
            Tensor weight = Tensor.uniform(random, -2, 2, 4).roundedToFloat();
            Tensor bias = Tensor.uniform(random, -1, 1, 4).roundedToFloat();
            Tensor r = Tensor.uniform(random, -1, 1, x.shape()).roundedToFloat();
            Tensor numeric = FiniteDifferences.gradient(
                    t -> r.dot(ReferenceKernels.batchNorm(t, mean, variance, weight, bias, 1e-3)), x);
            return Outcome.compare(Tensor.of(b.batchNormBackward(r.toFloat(), variance.toFloat(), weight.toFloat(), 1e-3)),
                    numeric, TOLERANCE);
        }));
        list.add(new Contract("relu6Backward", "gradient passes where 0 < input < 6 (finite differences)", b -> {
            SplittableRandom random = new SplittableRandom(28);
            // values in [-3, 9], kept 0.1 away from the kinks at 0 and 6
            Tensor x = Tensor.uniform(random, -3, 9, 2, 3, 4, 4)
                    .map(v -> Math.abs(v) < 0.1 || Math.abs(v - 6) < 0.1 ? v + 0.25 : v).roundedToFloat();
            Tensor r = Tensor.uniform(random, -1, 1, x.shape()).roundedToFloat();
            Tensor numeric = FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.relu6(t)), x);
            return Outcome.compare(Tensor.of(b.relu6Backward(x.toFloat(), r.toFloat())), numeric, TOLERANCE);
        }));

        list.add(new Contract("reluBackward", "gradient passes where the input is positive", b -> {
            SplittableRandom random = new SplittableRandom(24);
            Tensor x = Tensor.uniform(random, -1, 1, 2, 3, 4, 4).map(v -> v + Math.signum(v) * 0.1).roundedToFloat();
            Tensor r = Tensor.uniform(random, -1, 1, 2, 3, 4, 4).roundedToFloat();
            Tensor numeric = FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.relu(t)), x);
            return Outcome.compare(Tensor.of(b.reluBackward(x.toFloat(), r.toFloat())), numeric, TOLERANCE);
        }));
        return list;
    }

    private static void conv(List<Contract> list, String name, int[] xs, int[] ws, ConvGeometry g) {
        list.add(new Contract("conv2dBackward", name + " (input, weight and bias gradients)", b -> {
            SplittableRandom random = new SplittableRandom(name.hashCode());
            Tensor x = Tensor.uniform(random, -1, 1, xs).roundedToFloat();
            Tensor w = Tensor.uniform(random, -1, 1, ws).roundedToFloat();
            Tensor bias = Tensor.uniform(random, -1, 1, ws[0]).roundedToFloat();
            Tensor r = Tensor.uniform(random, -1, 1, ReferenceKernels.conv2d(x, w, bias, g).shape()).roundedToFloat();
            ConvGradients grads = b.conv2dBackward(x.toFloat(), w.toFloat(), r.toFloat(), g);
            return Outcome.compare(Tensor.of(grads.input()),
                            FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.conv2d(t, w, bias, g)), x), TOLERANCE)
                    .and(Outcome.compare(Tensor.of(grads.weights()),
                            FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.conv2d(x, t, bias, g)), w), TOLERANCE))
                    .and(Outcome.compare(Tensor.of(grads.bias()),
                            FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.conv2d(x, w, t, g)), bias), TOLERANCE));
        }));
    }

    private static void avgPool(List<Contract> list, String name, PoolGeometry g) {
        list.add(new Contract("avgPoolBackward", name + " on 7x8 (finite differences)", b -> {
            SplittableRandom random = new SplittableRandom(name.hashCode());
            Tensor x = Tensor.uniform(random, -1, 1, 2, 3, 7, 8).roundedToFloat();
            Tensor r = Tensor.uniform(random, -1, 1, ReferenceKernels.avgPool(x, g).shape()).roundedToFloat();
            Tensor numeric = FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.avgPool(t, g)), x);
            return Outcome.compare(Tensor.of(b.avgPoolBackward(r.toFloat(), g, 7, 8)), numeric, TOLERANCE);
        }));
    }

    private static void lrn(List<Contract> list, String name, LrnSpec spec, double range, int[] shape) {
        list.add(new Contract("lrnBackward", name + " (finite differences)", b -> {
            SplittableRandom random = new SplittableRandom(name.hashCode());
            Tensor x = Tensor.uniform(random, -range, range, shape).roundedToFloat();
            Tensor r = Tensor.uniform(random, -1, 1, shape).roundedToFloat();
            Tensor numeric = FiniteDifferences.gradient(t -> r.dot(ReferenceKernels.lrn(t, spec)), x);
            return Outcome.compare(Tensor.of(b.lrnBackward(x.toFloat(), r.toFloat(), spec)), numeric, TOLERANCE);
        }));
    }
}

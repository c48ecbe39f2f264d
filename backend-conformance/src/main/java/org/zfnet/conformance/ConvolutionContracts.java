package org.zfnet.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.zfnet.api.backend.ConvGeometry;

/** {@code conv2d} and {@code conv2dTranspose} against the reference loops and hand-computed values. */
final class ConvolutionContracts {

    static final double TOLERANCE = 1e-4;

    private ConvolutionContracts() {
    }

    static List<Contract> all() {
        List<Contract> list = new ArrayList<>();
        conv(list, "odd 7x7, 3 channels, 3x3/1 pad 1", new int[] {1, 3, 7, 7}, new int[] {5, 3, 3, 3}, ConvGeometry.of(1, 1), true);
        conv(list, "batch 2, 9x11, 5x5/2, no bias", new int[] {2, 3, 9, 11}, new int[] {4, 3, 5, 5}, ConvGeometry.of(2, 0), false);
        conv(list, "ZFNet conv1 geometry 7x7/2 pad 1 on 15x15", new int[] {2, 5, 15, 15}, new int[] {6, 5, 7, 7}, ConvGeometry.of(2, 1), true);
        conv(list, "stride 3, pad 2", new int[] {1, 2, 8, 8}, new int[] {3, 2, 3, 3}, ConvGeometry.of(3, 2), true);
        conv(list, "different stride and pad per axis", new int[] {2, 3, 9, 10}, new int[] {4, 3, 3, 2}, new ConvGeometry(1, 2, 0, 1), true);
        conv(list, "1x1 filters, 13 channels", new int[] {2, 13, 5, 5}, new int[] {7, 13, 1, 1}, ConvGeometry.of(1, 0), true);
        conv(list, "ZFNet conv2 geometry 5x5/2 on 13x13, 11 channels", new int[] {3, 11, 13, 13}, new int[] {9, 11, 5, 5}, ConvGeometry.of(2, 0), true);
        // large batches of 3x3/1 with many channels, where a backend may choose another algorithm (e.g. Winograd)
        conv(list, "ZFNet conv3-5 geometry 3x3/1 pad 1, batch 17, 40 to 36 channels on 13x13",
                new int[] {17, 40, 13, 13}, new int[] {36, 40, 3, 3}, ConvGeometry.of(1, 1), true);
        conv(list, "3x3/1 no padding, odd output 9x8, batch 40, 33 to 34 channels, no bias", new int[] {40, 33, 11, 10},
                new int[] {34, 33, 3, 3}, ConvGeometry.of(1, 0), false);
        conv(list, "3x3/1 pad 2 and pad 1 per axis, batch 400, 32 channels, 1x1 input", new int[] {400, 32, 1, 1},
                new int[] {32, 32, 3, 3}, new ConvGeometry(1, 1, 2, 1), true);
        conv(list, "ZFNet conv1 at full size, 224 to 110", new int[] {1, 3, 224, 224}, new int[] {96, 3, 7, 7}, ConvGeometry.of(2, 1), true);
        // groups, dilation and padding that differs before and after (MobileNet, DeepLab, ONNX exports)
        ConvGeometry depthwise = new ConvGeometry(1, 1, 1, 1, 1, 1, 1, 6);
        ConvGeometry grouped = new ConvGeometry(2, 2, 1, 1, 1, 1, 1, 2);
        ConvGeometry dilated = new ConvGeometry(1, 1, 2, 2, 2, 2, 2, 1);
        ConvGeometry asymmetric = new ConvGeometry(2, 2, 0, 1, 2, 0, 1, 1);
        ConvGeometry everything = new ConvGeometry(2, 1, 1, 0, 2, 3, 2, 3);
        conv(list, "depthwise 3x3/1 pad 1, 6 channels", new int[] {2, 6, 9, 8}, new int[] {6, 1, 3, 3}, depthwise, true);
        conv(list, "depthwise with channel multiplier 2", new int[] {1, 6, 7, 7}, new int[] {12, 1, 3, 3}, depthwise, true);
        conv(list, "2 groups, 3x3/2 pad 1, 4 to 6 channels", new int[] {2, 4, 9, 10}, new int[] {6, 2, 3, 3}, grouped, true);
        conv(list, "dilation 2, 3x3 pad 2", new int[] {2, 3, 11, 9}, new int[] {4, 3, 3, 3}, dilated, true);
        conv(list, "pads [0, 1, 2, 0] (top, left, bottom, right), 3x3/2", new int[] {2, 3, 8, 9}, new int[] {4, 3, 3, 3},
                asymmetric, false);
        conv(list, "3 groups, dilation 2, stride 2x1, pads [1, 0, 2, 3]", new int[] {2, 6, 10, 7}, new int[] {9, 2, 3, 2},
                everything, true);
        list.add(new Contract("conv2d", "hand-computed: depthwise, channel 1 by [[1]] dilated, channel 2 by 2x2 of ones",
                backend -> {
                    // channel 0: 1..9, filter [[1, 0], [0, 0]] at dilation 2 picks x[i][j]: 1 (one output, 3x3 input)
                    // channel 1: 1..9 again, filter of ones at dilation 2 sums the corners: 1 + 3 + 7 + 9 = 20
                    double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9};
                    double[] w = {1, 0, 0, 0, 1, 1, 1, 1};
                    Tensor expected = new Tensor(new int[] {1, 2, 1, 1}, new double[] {1, 20});
                    return Outcome.compare(Tensor.of(backend.conv2d(new Tensor(new int[] {1, 2, 3, 3}, x).toFloat(),
                            new Tensor(new int[] {2, 1, 2, 2}, w).toFloat(), null,
                            new ConvGeometry(1, 1, 0, 0, 0, 0, 2, 2))), expected, 0);
                }));
        list.add(new Contract("conv2d", "hand-computed: pads [1, 0, 0, 1] put a zero row above and a zero column right",
                backend -> {
                    // [[1, 2], [3, 4]] padded to [[0, 0, 0], [1, 2, 0], [3, 4, 0]], summed by 2x2 windows of ones
                    Tensor x = new Tensor(new int[] {1, 1, 2, 2}, new double[] {1, 2, 3, 4});
                    Tensor w = new Tensor(new int[] {1, 1, 2, 2}, new double[] {1, 1, 1, 1});
                    Tensor expected = new Tensor(new int[] {1, 1, 2, 2}, new double[] {3, 2, 10, 6});
                    return Outcome.compare(Tensor.of(backend.conv2d(x.toFloat(), w.toFloat(), null,
                            new ConvGeometry(1, 1, 1, 0, 0, 1, 1, 1))), expected, 0);
                }));
        list.add(new Contract("conv2d", "hand-computed: 1..9 by [[1,0],[0,-1]] plus 0.5 is -3.5 everywhere", backend -> {
            Tensor x = new Tensor(new int[] {1, 1, 3, 3}, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
            Tensor w = new Tensor(new int[] {1, 1, 2, 2}, new double[] {1, 0, 0, -1});
            Tensor b = new Tensor(new int[] {1}, new double[] {0.5});
            Tensor expected = new Tensor(new int[] {1, 1, 2, 2}, new double[] {-3.5, -3.5, -3.5, -3.5});
            return Outcome.compare(Tensor.of(backend.conv2d(x.toFloat(), w.toFloat(), b.toFloat(), ConvGeometry.of(1, 0))),
                    expected, 0);
        }));

        transpose(list, "odd 7x7, 3x3/1 pad 1", new int[] {1, 3, 7, 7}, new int[] {5, 3, 3, 3}, ConvGeometry.of(1, 1));
        transpose(list, "batch 2, 9x11, 5x5/2", new int[] {2, 3, 9, 11}, new int[] {4, 3, 5, 5}, ConvGeometry.of(2, 0));
        transpose(list, "last row and column unused by the convolution (10 by 3x3/2)", new int[] {2, 3, 10, 10},
                new int[] {4, 3, 3, 3}, ConvGeometry.of(2, 0));
        transpose(list, "different stride and pad per axis", new int[] {2, 3, 9, 10}, new int[] {4, 3, 3, 2}, new ConvGeometry(1, 2, 0, 1));
        transpose(list, "stride 3, pad 2", new int[] {1, 2, 8, 8}, new int[] {3, 2, 3, 3}, ConvGeometry.of(3, 2));
        transpose(list, "ZFNet conv1: 110 back to exactly 224 (7x7/2 pad 1)", new int[] {1, 3, 224, 224},
                new int[] {8, 3, 7, 7}, ConvGeometry.of(2, 1));
        transpose(list, "depthwise 3x3/1 pad 1, 6 channels", new int[] {2, 6, 9, 8}, new int[] {6, 1, 3, 3}, depthwise);
        transpose(list, "2 groups, 3x3/2 pad 1", new int[] {2, 4, 9, 10}, new int[] {6, 2, 3, 3}, grouped);
        transpose(list, "dilation 2, 3x3 pad 2", new int[] {2, 3, 11, 9}, new int[] {4, 3, 3, 3}, dilated);
        transpose(list, "pads [0, 1, 2, 0], 3x3/2", new int[] {2, 3, 8, 9}, new int[] {4, 3, 3, 3}, asymmetric);
        transpose(list, "3 groups, dilation 2, stride 2x1, pads [1, 0, 2, 3]", new int[] {2, 6, 10, 7},
                new int[] {9, 2, 3, 2}, everything);
        list.add(new Contract("conv2dTranspose", "hand-computed: 1 channel, [[1,2],[3,4]] through [[1,0],[0,1]]", backend -> {
            Tensor y = new Tensor(new int[] {1, 1, 2, 2}, new double[] {1, 2, 3, 4});
            Tensor w = new Tensor(new int[] {1, 1, 2, 2}, new double[] {1, 0, 0, 1});
            Tensor expected = new Tensor(new int[] {1, 1, 3, 3}, new double[] {1, 2, 0, 3, 5, 2, 0, 3, 4});
            return Outcome.compare(Tensor.of(backend.conv2dTranspose(y.toFloat(), w.toFloat(), ConvGeometry.of(1, 0), 3, 3)),
                    expected, 0);
        }));
        list.add(new Contract("conv2dTranspose", "adjoint of conv2d: <conv2d(x), y> = <x, conv2dTranspose(y)>", backend -> {
            SplittableRandom random = new SplittableRandom(11);
            ConvGeometry g = ConvGeometry.of(2, 1);
            Tensor x = Tensor.uniform(random, -1, 1, 2, 4, 11, 12).roundedToFloat();
            Tensor w = Tensor.uniform(random, -1, 1, 5, 4, 3, 3).roundedToFloat();
            Tensor cx = Tensor.of(backend.conv2d(x.toFloat(), w.toFloat(), null, g));
            Tensor y = Tensor.uniform(random, -1, 1, cx.shape()).roundedToFloat();
            Tensor ty = Tensor.of(backend.conv2dTranspose(y.toFloat(), w.toFloat(), g, 11, 12));
            double left = cx.dot(y);
            double right = x.dot(ty);
            return new Outcome(Math.abs(left - right) / (1 + Math.abs(left)), TOLERANCE,
                    "<conv2d(x), y> = " + left + ", <x, conv2dTranspose(y)> = " + right);
        }));
        return list;
    }

    private static void conv(List<Contract> list, String name, int[] xs, int[] ws, ConvGeometry g, boolean bias) {
        list.add(new Contract("conv2d", name + " " + shape(xs, ws), backend -> {
            SplittableRandom random = new SplittableRandom(name.hashCode());
            Tensor x = Tensor.uniform(random, -1, 1, xs).roundedToFloat();
            Tensor w = Tensor.uniform(random, -1, 1, ws).roundedToFloat();
            Tensor b = bias ? Tensor.uniform(random, -1, 1, ws[0]).roundedToFloat() : null;
            Tensor expected = ReferenceKernels.conv2d(x, w, b, g);
            Tensor actual = Tensor.of(backend.conv2d(x.toFloat(), w.toFloat(), b == null ? null : b.toFloat(), g));
            return Outcome.compare(actual, expected, TOLERANCE);
        }));
    }

    private static void transpose(List<Contract> list, String name, int[] xs, int[] ws, ConvGeometry g) {
        list.add(new Contract("conv2dTranspose", name + " " + shape(xs, ws), backend -> {
            SplittableRandom random = new SplittableRandom(name.hashCode());
            int oh = g.outputHeight(xs[2], ws[2]);
            int ow = g.outputWidth(xs[3], ws[3]);
            Tensor y = Tensor.uniform(random, -1, 1, xs[0], ws[0], oh, ow).roundedToFloat();
            Tensor w = Tensor.uniform(random, -1, 1, ws).roundedToFloat();
            Tensor expected = ReferenceKernels.conv2dTranspose(y, w, g, xs[2], xs[3]);
            Tensor actual = Tensor.of(backend.conv2dTranspose(y.toFloat(), w.toFloat(), g, xs[2], xs[3]));
            return Outcome.compare(actual, expected, TOLERANCE);
        }));
    }

    static String shape(int[] x, int[] w) {
        return "(x " + java.util.Arrays.toString(x) + ", w " + java.util.Arrays.toString(w) + ")";
    }
}

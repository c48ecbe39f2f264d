package org.zfnet.backend.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.ConvGradients;

/**
 * Convolution, its transpose and its gradients on libnd4j's custom ops (oneDNN on the CPU backend), dilation included.
 * Weights stay in PyTorch's {@code [K, C / groups, kh, kw]} layout (libnd4j weight format 1). libnd4j's conv2d has no
 * groups and symmetric padding only: groups run one after the other on their channels, joined; padding that differs
 * before and after is an explicit zero-padded copy (its gradient and transpose cropped from the padded plane); dilated
 * filters run as dense ones with zeros between the taps.
 */
final class Convolutions {

    /** libnd4j weight format 1: {@code [oC, iC, kH, kW]}, PyTorch's layout. */
    private static final int WEIGHTS_OIHW = 1;
    private static final int NCHW = 0;
    private static final int NOT_SAME_MODE = 0;

    private Convolutions() {
    }

    static INDArray conv2d(INDArray input, INDArray weights, INDArray bias, ConvGeometry g) {
        check("conv2d", input, weights, g);
        if (bias != null) {
            checkBias("conv2d", bias, weights);
        }
        if (g.dilation() > 1) {
            try (INDArray dense = dense(weights, g)) {
                return conv2d(input, dense, bias, undilated(g));
            }
        }
        if (g.groups() > 1) {
            INDArray[] parts = new INDArray[g.groups()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = conv2d(channels(input, g, i), filters(weights, g, i), bias == null ? null : filters(bias, g, i),
                        g.oneGroup());
            }
            return joined(1, parts);
        }
        if (!g.symmetric()) {
            try (INDArray padded = zeroPadded(input, g)) {
                return conv2d(padded, weights, bias, g.unpadded());
            }
        }
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (bias == null) {
            op.addInputs(input, weights);
        } else {
            op.addInputs(input, weights, bias);
        }
        op.addIntegerArguments(intArgs(weights, g));
        return Nd4j.exec(op.build())[0];
    }

    static INDArray transpose(INDArray input, INDArray weights, ConvGeometry g, int height, int width) {
        Arrays4.requireFloat("conv2dTranspose", "input", input, 4);
        Arrays4.requireFloat("conv2dTranspose", "weights", weights, 4);
        long[] w = weights.shape();
        if (input.size(1) != w[0] || w[0] % g.groups() != 0) {
            throw new InvalidInputException("conv2dTranspose: input has " + input.size(1) + " channels but weights "
                    + Arrays.toString(w) + " have " + w[0] + " filters in " + g.groups() + " group(s)");
        }
        int oh = g.outputHeight(height, (int) w[2]);
        int ow = g.outputWidth(width, (int) w[3]);
        if (oh != input.size(2) || ow != input.size(3)) {
            throw new InvalidInputException("conv2dTranspose: a " + height + "x" + width + " input convolves to "
                    + oh + "x" + ow + ", not " + input.size(2) + "x" + input.size(3));
        }
        if (g.dilation() > 1) {
            try (INDArray dense = dense(weights, g)) {
                return transpose(input, dense, undilated(g), height, width);
            }
        }
        if (g.groups() > 1) {
            INDArray[] parts = new INDArray[g.groups()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = transpose(channels(input, g, i), filters(weights, g, i), g.oneGroup(), height, width);
            }
            return joined(1, parts);
        }
        if (!g.symmetric()) {
            try (INDArray full = transpose(input, weights, g.unpadded(), height + g.padY() + g.padBottom(),
                    width + g.padX() + g.padRight())) {
                return full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(g.padY(), g.padY() + height),
                        NDArrayIndex.interval(g.padX(), g.padX() + width)).dup('c');
            }
        }
        // libnd4j's deconv2d (oneDNN's deconvolution, ~1.5x faster here than conv2d_input_bp) takes the filters as
        // [iC, oC, kH, kW], which is the convolution's [K, C, kh, kw]; it makes (in - 1) * stride + span - 2 pad, with
        // span = dilation (k - 1) + 1. When that is not the exact size (7x7/2 pad 1: 223, not 224), make the full
        // output and cut [pad, pad + size).
        int fullH = (int) (input.size(2) - 1) * g.strideY() + (int) (w[2] - 1) * g.dilation() + 1;
        int fullW = (int) (input.size(3) - 1) * g.strideX() + (int) (w[3] - 1) * g.dilation() + 1;
        if (fullH - 2 * g.padY() == height && fullW - 2 * g.padX() == width) {
            return deconv(input, weights, g, g.padY(), g.padX());
        }
        try (INDArray full = deconv(input, weights, g, 0, 0)) {
            INDArray out = Nd4j.zeros(DataType.FLOAT, input.size(0), w[1], height, width);
            int rows = Math.min(height, fullH - g.padY());
            int cols = Math.min(width, fullW - g.padX());
            out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, rows), NDArrayIndex.interval(0, cols))
                    .assign(full.get(NDArrayIndex.all(), NDArrayIndex.all(),
                            NDArrayIndex.interval(g.padY(), g.padY() + rows), NDArrayIndex.interval(g.padX(), g.padX() + cols)));
            return out;
        }
    }

    private static INDArray deconv(INDArray input, INDArray weights, ConvGeometry g, int py, int px) {
        DynamicCustomOp op = DynamicCustomOp.builder("deconv2d")
                .addInputs(input, weights)
                .addIntegerArguments((int) weights.size(2), (int) weights.size(3), g.strideY(), g.strideX(), py, px,
                        g.dilation(), g.dilation(), NOT_SAME_MODE, NCHW, WEIGHTS_OIHW)
                .build();
        return Nd4j.exec(op)[0];
    }

    static ConvGradients backward(INDArray input, INDArray weights, INDArray gradOutput, ConvGeometry g) {
        check("conv2dBackward", input, weights, g);
        Arrays4.requireFloat("conv2dBackward", "gradOutput", gradOutput, 4);
        long[] expected = {input.size(0), weights.size(0), g.outputHeight((int) input.size(2), (int) weights.size(2)),
            g.outputWidth((int) input.size(3), (int) weights.size(3))};
        if (!Arrays.equals(expected, gradOutput.shape())) {
            throw new InvalidInputException("conv2dBackward: gradOutput " + Arrays.toString(gradOutput.shape())
                    + " does not match the convolution's output " + Arrays.toString(expected));
        }
        if (g.dilation() > 1) {
            try (INDArray dense = dense(weights, g)) {
                ConvGradients d = backward(input, dense, gradOutput, undilated(g));
                INDArray taps = d.weights().get(taps(g, weights)).dup('c');
                d.weights().close();
                return new ConvGradients(d.input(), taps, d.bias());
            }
        }
        if (g.groups() > 1) {
            ConvGradients[] parts = new ConvGradients[g.groups()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = backward(channels(input, g, i), filters(weights, g, i), channels(gradOutput, g, i),
                        g.oneGroup());
            }
            return new ConvGradients(joined(1, Arrays.stream(parts).map(ConvGradients::input).toArray(INDArray[]::new)),
                    joined(0, Arrays.stream(parts).map(ConvGradients::weights).toArray(INDArray[]::new)),
                    joined(0, Arrays.stream(parts).map(ConvGradients::bias).toArray(INDArray[]::new)));
        }
        if (!g.symmetric()) {
            try (INDArray padded = zeroPadded(input, g)) {
                ConvGradients full = backward(padded, weights, gradOutput, g.unpadded());
                INDArray cropped = full.input().get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(g.padY(), g.padY() + input.size(2)),
                        NDArrayIndex.interval(g.padX(), g.padX() + input.size(3))).dup('c');
                full.input().close();
                return new ConvGradients(cropped, full.weights(), full.bias());
            }
        }
        try (INDArray bias = Nd4j.zeros(input.dataType(), weights.size(0))) {
            DynamicCustomOp op = DynamicCustomOp.builder("conv2d_bp")
                    .addInputs(input, weights, bias, gradOutput)
                    .addIntegerArguments(intArgs(weights, g))
                    .build();
            INDArray[] grads = Nd4j.exec(op);
            return new ConvGradients(grads[0], grads[1], grads[2]);
        }
    }

    /**
     * The dilated filters as dense ones of extent {@code dilation (k - 1) + 1}, zero between the taps: the same
     * convolution exactly. libnd4j M2.1's oneDNN path refuses dilated convolutions here ("could not create a
     * descriptor for a dilated convolution forward propagation primitive").
     */
    private static INDArray dense(INDArray weights, ConvGeometry g) {
        long[] w = weights.shape();
        INDArray out = Nd4j.zeros(DataType.FLOAT, w[0], w[1], (w[2] - 1) * g.dilation() + 1, (w[3] - 1) * g.dilation() + 1);
        out.get(taps(g, weights)).assign(weights);
        return out;
    }

    /** Where the taps of {@code weights} lie in their {@link #dense} filters. */
    private static INDArrayIndex[] taps(ConvGeometry g, INDArray weights) {
        int d = g.dilation();
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(),
            NDArrayIndex.interval(0, d, (weights.size(2) - 1) * d + 1), NDArrayIndex.interval(0, d, (weights.size(3) - 1) * d + 1)};
    }

    private static ConvGeometry undilated(ConvGeometry g) {
        return new ConvGeometry(g.strideY(), g.strideX(), g.padY(), g.padX(), g.padBottom(), g.padRight(), 1, g.groups());
    }

    /** Group {@code i}'s channels of a feature map {@code [N, C, H, W]}. */
    private static INDArray channels(INDArray a, ConvGeometry g, int i) {
        return group(a, 1, g, i);
    }

    /** Group {@code i}'s filters {@code [K, ...]} or biases {@code [K]}. */
    private static INDArray filters(INDArray a, ConvGeometry g, int i) {
        return group(a, 0, g, i);
    }

    private static INDArray group(INDArray a, int axis, ConvGeometry g, int i) {
        long per = a.size(axis) / g.groups();
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        index[axis] = NDArrayIndex.interval(i * per, (i + 1) * per);
        return a.get(index).dup('c');
    }

    private static INDArray joined(int axis, INDArray[] parts) {
        INDArray out = Nd4j.concat(axis, parts).dup('c');
        for (INDArray p : parts) {
            p.close();
        }
        return out;
    }

    /** The input with the geometry's zeros around it. */
    private static INDArray zeroPadded(INDArray input, ConvGeometry g) {
        INDArray out = Nd4j.zeros(DataType.FLOAT, input.size(0), input.size(1), input.size(2) + g.padY() + g.padBottom(),
                input.size(3) + g.padX() + g.padRight());
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(g.padY(), g.padY() + input.size(2)),
                NDArrayIndex.interval(g.padX(), g.padX() + input.size(3))).assign(input);
        return out;
    }

    private static int[] intArgs(INDArray weights, ConvGeometry g) {
        return new int[] {(int) weights.size(2), (int) weights.size(3), g.strideY(), g.strideX(), g.padY(), g.padX(),
            g.dilation(), g.dilation(), NOT_SAME_MODE, NCHW, WEIGHTS_OIHW};
    }

    private static void check(String kernel, INDArray input, INDArray weights, ConvGeometry g) {
        Arrays4.requireFloat(kernel, "input", input, 4);
        Arrays4.requireFloat(kernel, "weights", weights, 4);
        long[] x = input.shape();
        long[] w = weights.shape();
        if (x[1] != w[1] * g.groups() || w[0] % g.groups() != 0) {
            throw new InvalidInputException(kernel + ": input has " + x[1] + " channels but weights "
                    + Arrays.toString(w) + " in " + g.groups() + " group(s) expect " + w[1] * g.groups());
        }
        g.outputHeight((int) x[2], (int) w[2]);
        g.outputWidth((int) x[3], (int) w[3]);
    }

    private static void checkBias(String kernel, INDArray bias, INDArray weights) {
        Arrays4.requireFloat(kernel, "bias", bias, 1);
        if (bias.length() != weights.size(0)) {
            throw new InvalidInputException(kernel + ": bias has " + bias.length() + " values for "
                    + weights.size(0) + " filters");
        }
    }
}

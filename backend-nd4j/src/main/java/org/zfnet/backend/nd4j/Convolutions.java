package org.zfnet.backend.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.ConvGradients;

/**
 * Convolution, its transpose and its gradients on libnd4j's custom ops (oneDNN on the CPU backend).
 * Weights stay in PyTorch's {@code [K, C, kh, kw]} layout (libnd4j weight format 1).
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
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (bias == null) {
            op.addInputs(input, weights);
        } else {
            checkBias("conv2d", bias, weights);
            op.addInputs(input, weights, bias);
        }
        op.addIntegerArguments(intArgs(weights, g));
        return Nd4j.exec(op.build())[0];
    }

    static INDArray transpose(INDArray input, INDArray weights, ConvGeometry g, int height, int width) {
        Arrays4.requireFloat("conv2dTranspose", "input", input, 4);
        Arrays4.requireFloat("conv2dTranspose", "weights", weights, 4);
        long[] w = weights.shape();
        if (input.size(1) != w[0]) {
            throw new InvalidInputException("conv2dTranspose: input has " + input.size(1) + " channels but weights "
                    + Arrays.toString(w) + " have " + w[0] + " filters");
        }
        int oh = ConvGeometry.outputSize(height, (int) w[2], g.strideY(), g.padY());
        int ow = ConvGeometry.outputSize(width, (int) w[3], g.strideX(), g.padX());
        if (oh != input.size(2) || ow != input.size(3)) {
            throw new InvalidInputException("conv2dTranspose: a " + height + "x" + width + " input convolves to "
                    + oh + "x" + ow + ", not " + input.size(2) + "x" + input.size(3));
        }
        // libnd4j's deconv2d (oneDNN's deconvolution, ~1.5x faster here than conv2d_input_bp) takes the filters as
        // [iC, oC, kH, kW], which is the convolution's [K, C, kh, kw]; it makes (in - 1) * stride + k - 2 pad. When
        // that is not the exact size (7x7/2 pad 1: 223, not 224), make the full output and cut [pad, pad + size).
        int fullH = (int) (input.size(2) - 1) * g.strideY() + (int) w[2];
        int fullW = (int) (input.size(3) - 1) * g.strideX() + (int) w[3];
        if (fullH - 2 * g.padY() == height && fullW - 2 * g.padX() == width) {
            return deconv(input, weights, g.strideY(), g.strideX(), g.padY(), g.padX());
        }
        try (INDArray full = deconv(input, weights, g.strideY(), g.strideX(), 0, 0)) {
            INDArray out = Nd4j.zeros(DataType.FLOAT, input.size(0), w[1], height, width);
            int rows = Math.min(height, fullH - g.padY());
            int cols = Math.min(width, fullW - g.padX());
            out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, rows), NDArrayIndex.interval(0, cols))
                    .assign(full.get(NDArrayIndex.all(), NDArrayIndex.all(),
                            NDArrayIndex.interval(g.padY(), g.padY() + rows), NDArrayIndex.interval(g.padX(), g.padX() + cols)));
            return out;
        }
    }

    private static INDArray deconv(INDArray input, INDArray weights, int sy, int sx, int py, int px) {
        DynamicCustomOp op = DynamicCustomOp.builder("deconv2d")
                .addInputs(input, weights)
                .addIntegerArguments((int) weights.size(2), (int) weights.size(3), sy, sx, py, px, 1, 1, NOT_SAME_MODE,
                        NCHW, WEIGHTS_OIHW)
                .build();
        return Nd4j.exec(op)[0];
    }

    static ConvGradients backward(INDArray input, INDArray weights, INDArray gradOutput, ConvGeometry g) {
        check("conv2dBackward", input, weights, g);
        Arrays4.requireFloat("conv2dBackward", "gradOutput", gradOutput, 4);
        long[] expected = {input.size(0), weights.size(0),
            ConvGeometry.outputSize((int) input.size(2), (int) weights.size(2), g.strideY(), g.padY()),
            ConvGeometry.outputSize((int) input.size(3), (int) weights.size(3), g.strideX(), g.padX())};
        if (!Arrays.equals(expected, gradOutput.shape())) {
            throw new InvalidInputException("conv2dBackward: gradOutput " + Arrays.toString(gradOutput.shape())
                    + " does not match the convolution's output " + Arrays.toString(expected));
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

    private static int[] intArgs(INDArray weights, ConvGeometry g) {
        return new int[] {(int) weights.size(2), (int) weights.size(3), g.strideY(), g.strideX(), g.padY(), g.padX(),
            1, 1, NOT_SAME_MODE, NCHW, WEIGHTS_OIHW};
    }

    private static void check(String kernel, INDArray input, INDArray weights, ConvGeometry g) {
        Arrays4.requireFloat(kernel, "input", input, 4);
        Arrays4.requireFloat(kernel, "weights", weights, 4);
        long[] x = input.shape();
        long[] w = weights.shape();
        if (x[1] != w[1]) {
            throw new InvalidInputException(kernel + ": input has " + x[1] + " channels but weights "
                    + Arrays.toString(w) + " expect " + w[1]);
        }
        ConvGeometry.outputSize((int) x[2], (int) w[2], g.strideY(), g.padY());
        ConvGeometry.outputSize((int) x[3], (int) w[3], g.strideX(), g.padX());
    }

    private static void checkBias(String kernel, INDArray bias, INDArray weights) {
        Arrays4.requireFloat(kernel, "bias", bias, 1);
        if (bias.length() != weights.size(0)) {
            throw new InvalidInputException(kernel + ": bias has " + bias.length() + " values for "
                    + weights.size(0) + " filters");
        }
    }
}

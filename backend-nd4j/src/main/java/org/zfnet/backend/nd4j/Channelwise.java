package org.zfnet.backend.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;

/**
 * ReLU6, batch normalisation in inference mode and global average pooling: per-element or per-plane Java loops over
 * NCHW arrays, constants per channel computed in double precision.
 */
final class Channelwise {

    private static final float SIX = 6f;

    private Channelwise() {
    }

    static INDArray relu6(INDArray input) {
        Arrays4.requireFloat("relu6", "input", input, input == null ? 0 : input.rank());
        float[] x = HostArrays.floats(input);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(Math.max(x[i], 0f), SIX);
        }
        return HostArrays.floats(x, input.shape());
    }

    static INDArray relu6Backward(INDArray input, INDArray gradOutput) {
        Arrays4.requireFloat("relu6Backward", "input", input, input == null ? 0 : input.rank());
        Arrays4.requireFloat("relu6Backward", "gradOutput", gradOutput, input.rank());
        Arrays4.requireSameShape("relu6Backward", "gradOutput", gradOutput, "input", input);
        float[] x = HostArrays.floats(input);
        float[] g = HostArrays.floats(gradOutput);
        for (int i = 0; i < x.length; i++) {
            g[i] = x[i] > 0 && x[i] < SIX ? g[i] : 0f;
        }
        return HostArrays.floats(g, input.shape());
    }

    static INDArray batchNorm(INDArray input, INDArray mean, INDArray variance, INDArray weight, INDArray bias,
            double eps) {
        Arrays4.requireFloat("batchNorm", "input", input, 4);
        double[] scale = scale("batchNorm", input.size(1), variance, weight, eps);
        float[] m = perChannel("batchNorm", "mean", mean, input.size(1));
        float[] b = perChannel("batchNorm", "bias", bias, input.size(1));
        double[] shift = new double[scale.length];
        for (int c = 0; c < scale.length; c++) {
            shift[c] = b[c] - m[c] * scale[c];
        }
        return affine(input, scale, shift);
    }

    static INDArray batchNormBackward(INDArray gradOutput, INDArray variance, INDArray weight, double eps) {
        Arrays4.requireFloat("batchNormBackward", "gradOutput", gradOutput, 4);
        return affine(gradOutput, scale("batchNormBackward", gradOutput.size(1), variance, weight, eps),
                new double[(int) gradOutput.size(1)]);
    }

    /** {@code weight / sqrt(variance + eps)} per channel. */
    private static double[] scale(String kernel, long channels, INDArray variance, INDArray weight, double eps) {
        float[] v = perChannel(kernel, "variance", variance, channels);
        float[] w = perChannel(kernel, "weight", weight, channels);
        if (!(eps > 0)) {
            throw new InvalidInputException(kernel + ": eps must be positive, got " + eps);
        }
        double[] scale = new double[v.length];
        for (int c = 0; c < v.length; c++) {
            if (!(v[c] >= 0)) {
                throw new InvalidInputException(kernel + ": variance of channel " + c + " is " + v[c]);
            }
            scale[c] = w[c] / Math.sqrt(v[c] + eps);
        }
        return scale;
    }

    private static float[] perChannel(String kernel, String what, INDArray a, long channels) {
        Arrays4.requireFloat(kernel, what, a, 1);
        if (a.length() != channels) {
            throw new InvalidInputException(kernel + ": " + what + " has " + a.length() + " values for " + channels
                    + " channels");
        }
        return HostArrays.floats(a);
    }

    /** {@code x * scale[c] + shift[c]} on every plane of channel {@code c}. */
    private static INDArray affine(INDArray input, double[] scale, double[] shift) {
        HostArrays.requireHostSize("batchNorm", "input", input.shape());
        float[] x = HostArrays.floats(input);
        int channels = scale.length;
        int plane = (int) (input.size(2) * input.size(3));
        for (int p = 0; p < x.length / Math.max(plane, 1); p++) {
            int c = p % channels;
            for (int i = p * plane; i < (p + 1) * plane; i++) {
                x[i] = (float) (x[i] * scale[c] + shift[c]);
            }
        }
        return HostArrays.floats(x, input.shape());
    }

    static INDArray globalAvgPool(INDArray input) {
        Arrays4.requireFloat("globalAvgPool", "input", input, 4);
        HostArrays.requireHostSize("globalAvgPool", "input", input.shape());
        float[] x = HostArrays.floats(input);
        int plane = (int) (input.size(2) * input.size(3));
        float[] out = new float[(int) (input.size(0) * input.size(1))];
        for (int p = 0; p < out.length; p++) {
            double sum = 0;
            for (int i = p * plane; i < (p + 1) * plane; i++) {
                sum += x[i];
            }
            out[p] = (float) (sum / plane);
        }
        return HostArrays.floats(out, input.size(0), input.size(1), 1, 1);
    }

    static INDArray globalAvgPoolBackward(INDArray gradOutput, int height, int width) {
        Arrays4.requireFloat("globalAvgPoolBackward", "gradOutput", gradOutput, 4);
        if (gradOutput.size(2) != 1 || gradOutput.size(3) != 1 || height < 1 || width < 1) {
            throw new InvalidInputException("globalAvgPoolBackward: gradOutput " + java.util.Arrays.toString(
                    gradOutput.shape()) + " must be [N, C, 1, 1], onto " + height + "x" + width);
        }
        HostArrays.requireHostSize("globalAvgPoolBackward", "output", gradOutput.size(0), gradOutput.size(1), height,
                width);
        float[] g = HostArrays.floats(gradOutput);
        int plane = height * width;
        float[] out = new float[g.length * plane];
        for (int p = 0; p < g.length; p++) {
            java.util.Arrays.fill(out, p * plane, (p + 1) * plane, (float) ((double) g[p] / plane));
        }
        return HostArrays.floats(out, gradOutput.size(0), gradOutput.size(1), height, width);
    }
}

package org.zfnet.backend.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.ConvGradients;
import org.zfnet.api.backend.Dropped;
import org.zfnet.api.backend.LinearGradients;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.backend.Pooled;
import org.zfnet.api.dto.BackendInfo;

/**
 * {@link ComputeBackend} on ND4J, the same on every ND4J device: convolutions and matrix products on
 * libnd4j's ops (oneDNN and BLAS), pooling, LRN, batch normalisation and ReLU6 as Java loops in NCHW (exact switch semantics, no
 * padding or channels-last copies).
 */
public class Nd4jKernels implements ComputeBackend {

    private final BackendInfo info;

    public Nd4jKernels(BackendInfo info) {
        this.info = info;
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public INDArray conv2d(INDArray input, INDArray weights, INDArray bias, ConvGeometry geometry) {
        return Convolutions.conv2d(input, weights, bias, geometry);
    }

    @Override
    public INDArray conv2dTranspose(INDArray input, INDArray weights, ConvGeometry geometry, int height, int width) {
        return Convolutions.transpose(input, weights, geometry, height, width);
    }

    @Override
    public ConvGradients conv2dBackward(INDArray input, INDArray weights, INDArray gradOutput, ConvGeometry geometry) {
        return Convolutions.backward(input, weights, gradOutput, geometry);
    }

    @Override
    public Pooled maxPool(INDArray input, PoolGeometry geometry) {
        return Pooling.maxPool(input, geometry);
    }

    @Override
    public INDArray maxPoolValues(INDArray input, PoolGeometry geometry) {
        return Pooling.maxPoolValues(input, geometry);
    }

    @Override
    public INDArray unpool(INDArray values, INDArray switches, int height, int width) {
        return Pooling.unpool(values, switches, height, width);
    }

    @Override
    public INDArray avgPool(INDArray input, PoolGeometry geometry) {
        return AveragePooling.avgPool(input, geometry);
    }

    @Override
    public INDArray avgPoolBackward(INDArray gradOutput, PoolGeometry geometry, int height, int width) {
        return AveragePooling.avgPoolBackward(gradOutput, geometry, height, width);
    }

    @Override
    public INDArray globalAvgPool(INDArray input) {
        return Channelwise.globalAvgPool(input);
    }

    @Override
    public INDArray globalAvgPoolBackward(INDArray gradOutput, int height, int width) {
        return Channelwise.globalAvgPoolBackward(gradOutput, height, width);
    }

    @Override
    public INDArray batchNorm(INDArray input, INDArray mean, INDArray variance, INDArray weight, INDArray bias,
            double eps) {
        return Channelwise.batchNorm(input, mean, variance, weight, bias, eps);
    }

    @Override
    public INDArray batchNormBackward(INDArray gradOutput, INDArray variance, INDArray weight, double eps) {
        return Channelwise.batchNormBackward(gradOutput, variance, weight, eps);
    }

    @Override
    public INDArray relu6(INDArray input) {
        return Channelwise.relu6(input);
    }

    @Override
    public INDArray relu6Backward(INDArray input, INDArray gradOutput) {
        return Channelwise.relu6Backward(input, gradOutput);
    }

    @Override
    public INDArray relu(INDArray input) {
        return Dense.relu(input);
    }

    @Override
    public INDArray reluInPlace(INDArray input) {
        return Dense.reluInPlace(input);
    }

    @Override
    public INDArray reluBackward(INDArray input, INDArray gradOutput) {
        return Dense.reluBackward(input, gradOutput);
    }

    @Override
    public INDArray lrn(INDArray input, LrnSpec spec) {
        return LocalResponseNorm.forward(input, spec);
    }

    @Override
    public INDArray lrnBackward(INDArray input, INDArray gradOutput, LrnSpec spec) {
        return LocalResponseNorm.backward(input, gradOutput, spec);
    }

    @Override
    public INDArray linear(INDArray input, INDArray weights, INDArray bias) {
        return Dense.linear(input, weights, bias);
    }

    @Override
    public LinearGradients linearBackward(INDArray input, INDArray weights, INDArray gradOutput) {
        return Dense.linearBackward(input, weights, gradOutput);
    }

    @Override
    public INDArray softmax(INDArray logits) {
        return Dense.softmax(logits);
    }

    @Override
    public Dropped dropout(INDArray input, double p, long seed) {
        return Dense.dropout(input, p, seed);
    }
}

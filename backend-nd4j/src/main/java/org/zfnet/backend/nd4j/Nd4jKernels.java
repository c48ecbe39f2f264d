package org.zfnet.backend.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.dto.BackendInfo;

/**
 * {@link ComputeBackend} kernels on ND4J's custom ops, the same on every ND4J device.
 * Tensors are float32 NCHW; weights use PyTorch's {@code [out, in, kh, kw]} layout.
 */
public class Nd4jKernels implements ComputeBackend {

    /** libnd4j conv2d weight format 1: {@code [oC, iC, kH, kW]}, PyTorch's layout. */
    private static final int WEIGHTS_OIHW = 1;
    private static final int NCHW = 0;

    private final BackendInfo info;

    public Nd4jKernels(BackendInfo info) {
        this.info = info;
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public INDArray conv2d(INDArray input, INDArray weights, INDArray bias, ConvGeometry g) {
        requireFloat("input", input, 4);
        requireFloat("weights", weights, 4);
        long[] x = input.shape();
        long[] w = weights.shape();
        if (x[1] != w[1]) {
            throw new InvalidInputException("conv2d: input has " + x[1] + " channels but weights "
                    + Arrays.toString(w) + " expect " + w[1]);
        }
        ConvGeometry.outputSize((int) x[2], (int) w[2], g.strideY(), g.padY());
        ConvGeometry.outputSize((int) x[3], (int) w[3], g.strideX(), g.padX());
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d");
        if (bias == null) {
            op.addInputs(input, weights);
        } else {
            requireFloat("bias", bias, 1);
            if (bias.length() != w[0]) {
                throw new InvalidInputException("conv2d: bias has " + bias.length() + " values for " + w[0] + " filters");
            }
            op.addInputs(input, weights, bias);
        }
        op.addIntegerArguments((int) w[2], (int) w[3], g.strideY(), g.strideX(), g.padY(), g.padX(), 1, 1, 0, NCHW, WEIGHTS_OIHW);
        return Nd4j.exec(op.build())[0];
    }

    static void requireFloat(String what, INDArray a, int rank) {
        if (a == null) {
            throw new InvalidInputException(what + " is missing");
        }
        if (a.rank() != rank) {
            throw new InvalidInputException(what + " must have rank " + rank + ", got shape " + Arrays.toString(a.shape()));
        }
        if (a.dataType() != DataType.FLOAT) {
            throw new InvalidInputException(what + " must be float32, got " + a.dataType());
        }
    }
}

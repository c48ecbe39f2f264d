package org.zfnet.backend.nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.Dropped;
import org.zfnet.api.backend.LinearGradients;

/** Fully connected layers (BLAS matrix products), ReLU, softmax and dropout. */
final class Dense {

    private Dense() {
    }

    static INDArray linear(INDArray input, INDArray weights, INDArray bias) {
        check("linear", input, weights);
        // one GEMM on the weights as they lie (PyTorch's [out, in] layout): out^T = W x^T, then out^T turned
        // row-major (a small copy). Measured side by side for fc6 at batch 16: 13 ms, against 18 ms for x W^T
        // (the weights read transposed) and 24 ms for x times a transposed copy of them; from batch 512 all within 3 %
        INDArray out;
        try (Direct x = Direct.read(input);
                INDArray transposed = Nd4j.createUninitialized(DataType.FLOAT,
                        new long[] {weights.size(0), input.size(0)}, 'c')) {
            Nd4j.gemm(weights, x.array(), transposed, false, true, 1.0, 0.0);
            out = transposed.transpose().dup('c');
        }
        if (bias != null) {
            Arrays4.requireFloat("linear", "bias", bias, 1);
            if (bias.length() != weights.size(0)) {
                throw new InvalidInputException("linear: bias has " + bias.length() + " values for "
                        + weights.size(0) + " outputs");
            }
            out.addiRowVector(bias);
        }
        return out;
    }

    static LinearGradients linearBackward(INDArray input, INDArray weights, INDArray gradOutput) {
        check("linearBackward", input, weights);
        Arrays4.requireFloat("linearBackward", "gradOutput", gradOutput, 2);
        if (gradOutput.size(0) != input.size(0) || gradOutput.size(1) != weights.size(0)) {
            throw new InvalidInputException("linearBackward: gradOutput " + Arrays.toString(gradOutput.shape())
                    + " does not match the layer's output [" + input.size(0) + ", " + weights.size(0) + "]");
        }
        return new LinearGradients(gradOutput.mmul(weights), gradOutput.transpose().mmul(input), gradOutput.sum(0));
    }

    static INDArray relu(INDArray input) {
        if (input == null) {
            throw new InvalidInputException("relu: input is missing");
        }
        return org.nd4j.linalg.ops.transforms.Transforms.relu(input, true);
    }

    static INDArray reluInPlace(INDArray input) {
        if (input == null) {
            throw new InvalidInputException("reluInPlace: input is missing");
        }
        return org.nd4j.linalg.ops.transforms.Transforms.relu(input, false);
    }

    static INDArray reluBackward(INDArray input, INDArray gradOutput) {
        Arrays4.requireSameShape("reluBackward", "gradOutput", gradOutput, "input", input);
        try (INDArray positive = input.gt(0); INDArray mask = positive.castTo(gradOutput.dataType())) {
            return gradOutput.mul(mask);
        }
    }

    static INDArray softmax(INDArray logits) {
        Arrays4.requireFloat("softmax", "logits", logits, 2);
        DynamicCustomOp op = DynamicCustomOp.builder("softmax").addInputs(logits).addIntegerArguments(1).build();
        return Nd4j.exec(op)[0];
    }

    static Dropped dropout(INDArray input, double p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new InvalidInputException("dropout: probability must be in [0, 1), got " + p);
        }
        float keep = (float) (1 / (1 - p));
        float[] mask = new float[HostArrays.requireHostSize("dropout", "input", input.shape())];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() >= p ? keep : 0f;
        }
        INDArray m = HostArrays.floats(mask, input.shape());
        return new Dropped(input.mul(m), m);
    }

    private static void check(String kernel, INDArray input, INDArray weights) {
        Arrays4.requireFloat(kernel, "input", input, 2);
        Arrays4.requireFloat(kernel, "weights", weights, 2);
        if (input.size(1) != weights.size(1)) {
            throw new InvalidInputException(kernel + ": input has " + input.size(1) + " features but weights "
                    + Arrays.toString(weights.shape()) + " expect " + weights.size(1));
        }
    }
}

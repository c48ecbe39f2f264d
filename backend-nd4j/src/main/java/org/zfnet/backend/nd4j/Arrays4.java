package org.zfnet.backend.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;

/** Argument checks of the kernels. */
final class Arrays4 {

    private Arrays4() {
    }

    static void require(String kernel, String what, INDArray a, int rank, DataType type) {
        if (a == null) {
            throw new InvalidInputException(kernel + ": " + what + " is missing");
        }
        if (a.rank() != rank) {
            throw new InvalidInputException(kernel + ": " + what + " must have rank " + rank + ", got shape "
                    + Arrays.toString(a.shape()));
        }
        if (a.dataType() != type) {
            throw new InvalidInputException(kernel + ": " + what + " must be " + type + ", got " + a.dataType());
        }
    }

    static void requireFloat(String kernel, String what, INDArray a, int rank) {
        require(kernel, what, a, rank, DataType.FLOAT);
    }

    static void requireSameShape(String kernel, String what, INDArray a, String otherName, INDArray other) {
        if (!Arrays.equals(a.shape(), other.shape())) {
            throw new InvalidInputException(kernel + ": " + what + " " + Arrays.toString(a.shape()) + " does not match "
                    + otherName + " " + Arrays.toString(other.shape()));
        }
    }
}

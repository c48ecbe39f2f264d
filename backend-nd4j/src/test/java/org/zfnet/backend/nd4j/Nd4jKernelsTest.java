package org.zfnet.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.dto.BackendInfo;

class Nd4jKernelsTest {

    private static Nd4jKernels kernels;

    @BeforeAll
    static void startNd4j() {
        BackendInfo info = Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND);
        kernels = new Nd4jKernels(info);
    }

    @Test
    void runtimeDescribesTheCpuBackendWithOneDnn() {
        BackendInfo info = kernels.info();
        assertEquals("cpu", info.name());
        assertEquals(Nd4jRuntime.CPU_BACKEND, info.nd4jBackend());
        assertTrue(info.onednn(), "the linux-x86_64-onednn natives are on the test classpath");
        assertTrue(info.threads() >= 1);
    }

    @Test
    void conv2dMatchesAHandComputedCase() {
        // 1x1x3x3 input 1..9, one 2x2 filter [[1,0],[0,-1]], bias 0.5, stride 1, no padding:
        // out[y][x] = in[y][x] - in[y+1][x+1] + 0.5 = -4 + 0.5 everywhere
        INDArray x = Nd4j.linspace(1, 9, 9).reshape(1, 1, 3, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray w = Nd4j.createFromArray(new float[] {1, 0, 0, -1}).reshape(1, 1, 2, 2);
        INDArray b = Nd4j.createFromArray(new float[] {0.5f});
        INDArray y = kernels.conv2d(x, w, b, ConvGeometry.of(1, 0));
        assertArrayEquals(new long[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {-3.5f, -3.5f, -3.5f, -3.5f}, y.data().asFloat(), 0f);
    }

    @Test
    void conv2dUsesPyTorchWeightLayoutWithStrideAndPadding() {
        // two input channels, filter k=0 reads channel 1 only: its output equals channel 1 zero-padded, subsampled
        INDArray x = Nd4j.linspace(1, 32, 32).reshape(1, 2, 4, 4).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray w = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 2, 3, 3);
        w.putScalar(new long[] {0, 1, 1, 1}, 1f);
        INDArray y = kernels.conv2d(x, w, null, ConvGeometry.of(2, 1));
        assertArrayEquals(new long[] {1, 1, 2, 2}, y.shape());
        // centres at (0,0), (0,2), (2,0), (2,2) of channel 1, which holds 17..32
        assertArrayEquals(new float[] {17, 19, 25, 27}, y.data().asFloat(), 0f);
    }

    @Test
    void conv2dRejectsChannelMismatchNamingBothShapes() {
        INDArray x = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 8, 8);
        INDArray w = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 2, 3, 3);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> kernels.conv2d(x, w, null, ConvGeometry.of(1, 0)));
        assertTrue(e.getMessage().contains("3 channels") && e.getMessage().contains("[4, 2, 3, 3]"), e.getMessage());
    }
}

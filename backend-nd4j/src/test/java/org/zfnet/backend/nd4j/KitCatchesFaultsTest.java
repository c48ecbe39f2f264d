package org.zfnet.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.backend.Pooled;
import org.zfnet.conformance.ConformanceKit;

/** The kit is only worth something if it fails on wrong kernels: each classic mistake must be caught. */
class KitCatchesFaultsTest {

    private static final Nd4jKernels CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    private static List<String> failingCases(ComputeBackend faulty, String kernel) {
        return ConformanceKit.run(faulty).failures().stream()
                .filter(c -> c.kernel().equals(kernel)).map(c -> c.name()).toList();
    }

    @Test
    void zeroPaddedCeilPoolingFailsTheAllNegativeCases() {
        ComputeBackend faulty = new Nd4jKernels(CPU.info()) {
            @Override
            public Pooled maxPool(INDArray input, PoolGeometry g) {
                Pooled p = super.maxPool(input, g);
                // as if the partial windows had been padded with zeros instead of minus infinity
                INDArray out = p.output().dup();
                BooleanIndexing.replaceWhere(out, 0.0, Conditions.lessThan(0));
                return new Pooled(out, p.switches());
            }
        };
        List<String> failing = failingCases(faulty, "maxPool");
        assertTrue(failing.stream().anyMatch(n -> n.startsWith("all negative")), failing.toString());
    }

    @Test
    void unpoolingThatOverwritesInsteadOfSummingFailsTheSharedSwitchCase() {
        ComputeBackend faulty = new Nd4jKernels(CPU.info()) {
            @Override
            public INDArray unpool(INDArray values, INDArray switches, int height, int width) {
                float[] v = values.dup().data().asFloat();
                int[] s = switches.dup().data().asInt();
                float[] out = new float[(int) (values.size(0) * values.size(1)) * height * width];
                int cells = (int) (values.size(2) * values.size(3));
                for (int i = 0; i < v.length; i++) {
                    out[(i / cells) * height * width + s[i]] = v[i];
                }
                return Nd4j.create(out, new long[] {values.size(0), values.size(1), height, width}, 'c');
            }
        };
        List<String> failing = failingCases(faulty, "unpool");
        assertTrue(failing.stream().anyMatch(n -> n.startsWith("hand-computed")), failing.toString());
    }

    @Test
    void lrnWithAlphaNotDividedByTheWindowFails() {
        ComputeBackend faulty = new Nd4jKernels(CPU.info()) {
            @Override
            public INDArray lrn(INDArray input, LrnSpec s) {
                return super.lrn(input, new LrnSpec(s.size(), s.alpha() * s.size(), s.beta(), s.k()));
            }
        };
        assertEquals(4, failingCases(faulty, "lrn").size());
    }

    @Test
    void transposedConvolutionCroppedFromTheWrongSideFails() {
        ComputeBackend faulty = new Nd4jKernels(CPU.info()) {
            @Override
            public INDArray conv2dTranspose(INDArray input, INDArray weights, ConvGeometry g, int height, int width) {
                // the full transposed convolution, then the classic mistake: cropping bottom-right, not the padding
                int fullH = (int) ((input.size(2) - 1) * g.strideY() + weights.size(2));
                int fullW = (int) ((input.size(3) - 1) * g.strideX() + weights.size(3));
                INDArray full = super.conv2dTranspose(input, weights,
                        new ConvGeometry(g.strideY(), g.strideX(), 0, 0), fullH, fullW);
                INDArray out = Nd4j.zeros(full.dataType(), input.size(0), weights.size(1), height, width);
                int h = Math.min(height, fullH);
                int w = Math.min(width, fullW);
                out.get(all(), all(), interval(0, h), interval(0, w)).assign(full.get(all(), all(), interval(0, h),
                        interval(0, w)));
                return out;
            }
        };
        List<String> failing = failingCases(faulty, "conv2dTranspose");
        assertTrue(failing.stream().anyMatch(n -> n.startsWith("ZFNet conv1: 110 back to exactly 224")), failing.toString());
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex interval(long from, long to) {
        return org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
    }

    @Test
    void averagePoolingThatAlwaysCountsThePaddingFails() {
        ComputeBackend faulty = new Nd4jKernels(CPU.info()) {
            @Override
            public INDArray avgPool(INDArray input, PoolGeometry g) {
                return super.avgPool(input, new PoolGeometry(g.kernel(), g.stride(), g.ceil(), g.padTop(), g.padLeft(),
                        g.padBottom(), g.padRight(), true));
            }
        };
        List<String> failing = failingCases(faulty, "avgPool");
        assertTrue(failing.contains("3x3/2 pad 1, padding not counted"), failing.toString());
    }

    @Test
    void groupedConvolutionThatMixesTheGroupsFails() {
        ComputeBackend faulty = new Nd4jKernels(CPU.info()) {
            @Override
            public INDArray conv2d(INDArray input, INDArray weights, INDArray bias, ConvGeometry g) {
                if (g.groups() == 1) {
                    return super.conv2d(input, weights, bias, g);
                }
                // the classic mistake: each filter reads the first group's channels
                INDArray first = input.get(all(), interval(0, weights.size(1)), all(), all()).dup('c');
                return super.conv2d(first, weights, bias, new ConvGeometry(g.strideY(), g.strideX(), g.padY(), g.padX(),
                        g.padBottom(), g.padRight(), g.dilation(), 1));
            }
        };
        List<String> failing = failingCases(faulty, "conv2d");
        assertTrue(failing.stream().anyMatch(n -> n.startsWith("2 groups")), failing.toString());
    }

    @Test
    void reluBackwardThatPassesEverythingFails() {
        ComputeBackend faulty = new Nd4jKernels(CPU.info()) {
            @Override
            public INDArray reluBackward(INDArray input, INDArray gradOutput) {
                return gradOutput.dup();
            }
        };
        assertEquals(1, failingCases(faulty, "reluBackward").size());
    }
}

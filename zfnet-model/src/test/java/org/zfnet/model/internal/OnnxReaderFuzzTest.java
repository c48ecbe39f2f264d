package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.zfnet.api.InvalidInputException;
import org.zfnet.model.internal.onnx.OnnxModel;
import org.zfnet.model.internal.onnx.OnnxReader;

/**
 * Arbitrary bytes as an ONNX file, imported, compiled and its weights checked against the spec: the reader throws
 * an {@link InvalidInputException} with a message (any other exception escapes and is a finding), and allocates no
 * more than the input justifies (a tensor's declared shape is checked against the bytes present before its array is
 * made). Seeds in {@code OnnxReaderFuzzTestInputs/read}: a valid model (float16 initializers, MatMul + Add, Dropout,
 * Identity, Constant), one of shape arithmetic (ZeroPad2d's pads chain, ReduceMean, x.view(x.size(0), -1) at a
 * dynamic batch), an unsupported operator, external data, a truncated file, text, nothing.
 */
class OnnxReaderFuzzTest {

    /** Any input may take this much; each input byte a little more (a float16 value becomes a float, copies). */
    private static final long BASE_ALLOCATION = 64L << 20;
    private static final long PER_INPUT_BYTE = 64;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        // loading (and instrumenting) the protobuf classes and the layer types allocates some 200 MB once: not the
        // input's doing, so done before any input is measured
        for (String seed : List.of("valid-matmul-half.onnx", "valid-shape-arithmetic.onnx",
                "unsupported-operator.onnx", "external-data.onnx")) {
            try (InputStream in = OnnxReaderFuzzTest.class.getResourceAsStream("OnnxReaderFuzzTestInputs/read/" + seed)) {
                importAndCheck(in.readAllBytes());
            } catch (InvalidInputException | IOException e) {
                // a refusal is what two of them are for
            }
        }
    }

    @FuzzTest
    void read(byte[] input) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            importAndCheck(input);
        } catch (InvalidInputException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an InvalidInputException without a message");
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated <= BASE_ALLOCATION + PER_INPUT_BYTE * input.length, "reading " + input.length
                + " bytes allocated " + allocated + " bytes");
    }

    private static void importAndCheck(byte[] input) {
        OnnxModel model = OnnxReader.read(input, "fuzz.onnx", "fuzz");
        Weights.check("fuzz.onnx", model.weights(), CompiledSpec.of(model.spec()));
    }
}

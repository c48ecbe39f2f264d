package org.zfnet.model.internal.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.protobuf.ByteString;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;

/**
 * What the ONNX reader refuses, each with one line naming the file and, for a node, its name and operator; and
 * hand-made graphs for what the torch fixtures do not hold (SAME padding, Gemm's alpha and beta, float16 in typed
 * fields).
 */
class OnnxRefusalTest {

    private static Path fixture(String file) {
        try {
            return Path.of(OnnxRefusalTest.class.getResource("/org/zfnet/model/internal/onnx/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String refusal(Runnable read) {
        String message = assertThrows(InvalidInputException.class, read::run).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        return message;
    }

    @Test
    void anUnsupportedOperatorIsNamedWithItsNodeAndTheSupportedOnes() {
        String m = refusal(() -> OnnxReader.read(fixture("unsupported-operator.onnx")));
        assertTrue(m.endsWith("unsupported-operator.onnx: node '/act/Sigmoid' (Sigmoid): operator Sigmoid is not "
                + "supported (supported: Add, AveragePool, BatchNormalization, Cast, Clip, Concat, Constant, "
                + "ConstantOfShape, Conv, Div, Dropout, Flatten, Gather, Gemm, GlobalAveragePool, Identity, LRN, MatMul, "
                + "MaxPool, Mul, Pad, Range, ReduceMean, Relu, Reshape, Shape, Slice, Softmax, Squeeze, Sub, Transpose, "
                + "Unsqueeze)"), m);
    }

    @Test
    void externalDataIsRefused() {
        String m = refusal(() -> OnnxReader.read(fixture("external-data.onnx")));
        assertTrue(m.contains("keeps its data in an external file, which is not supported"), m);
    }

    @Test
    void truncatedAndGarbageFilesAreNotOnnxModels() throws Exception {
        byte[] whole = Files.readAllBytes(fixture("resnet-mini.onnx"));
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        assertTrue(refusal(() -> OnnxReader.read(half, "half.onnx", "half")).startsWith("half.onnx: not an ONNX model"));
        byte[] garbage = new byte[4096];
        new SplittableRandom(7).nextBytes(garbage);
        assertTrue(refusal(() -> OnnxReader.read(garbage, "garbage.onnx", "garbage")).startsWith("garbage.onnx: "));
        assertTrue(refusal(() -> OnnxReader.read(new byte[0], "empty.onnx", "empty")).contains("not an ONNX model"));
    }

    @Test
    void aDynamicHeightIsRefusedNamingTheDimension() {
        ValueInfoProto input = input(dim(1), dim(3), TensorShapeProto.Dimension.newBuilder().setDimParam("h").build(),
                dim(8));
        String m = refusal(() -> OnnxReader.read(model(13, input, List.of(node("Relu", "/relu/Relu", List.of("x"), "y")),
                List.of(), "y").toByteArray(), "dyn.onnx", "dyn"));
        assertEquals("dyn.onnx: input 'x' has a dynamic height ('h'); export the model with a fixed input size "
                + "(dynamic_axes on the batch only)", m);
    }

    @Test
    void nonSquareKernelsAndOldOpsetsAreRefused() {
        NodeProto conv = node("Conv", "/c/Conv", List.of("x", "w"), "y");
        TensorProto w = floats("w", new float[3 * 3 * 1 * 2], 3, 3, 1, 2);
        String m = refusal(() -> OnnxReader.read(model(13, image(8), List.of(conv), List.of(w), "y").toByteArray(),
                "k.onnx", "k"));
        assertTrue(m.startsWith("k.onnx: node '/c/Conv' (Conv): kernel 1x2 is not supported"), m);
        String old = refusal(() -> OnnxReader.read(model(9, image(8), List.of(conv), List.of(w), "y").toByteArray(),
                "old.onnx", "old"));
        assertTrue(old.contains("opset 9 is not supported"), old);
    }

    @Test
    void samePaddingPutsTheOddRowAfterForUpperAndBeforeForLower() {
        for (String mode : List.of("SAME_UPPER", "SAME_LOWER")) {
            NodeProto conv = node("Conv", "/c/Conv", List.of("x", "w"), "y").toBuilder()
                    .addAttribute(ints("strides", 2, 2)).addAttribute(AttributeProto.newBuilder().setName("auto_pad")
                            .setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(mode))).build();
            ModelSpec spec = OnnxReader.read(model(13, image(8), List.of(conv),
                    List.of(floats("w", new float[2 * 3 * 3 * 3], 2, 3, 3, 3)), "y").toByteArray(), "s.onnx", "s").spec();
            // 8 rows at stride 2 keep 4 outputs: (4 - 1) * 2 + 3 - 8 = 1 row of padding
            assertEquals(mode.equals("SAME_UPPER") ? List.of(0, 0, 1, 1) : List.of(1, 1, 0, 0),
                    spec.layers().get(0).pads(), mode);
        }
    }

    @Test
    void gemmFoldsAlphaBetaAndTheTransposeIntoTheLinearLayer() {
        NodeProto flat = node("Flatten", "/f/Flatten", List.of("x"), "f");
        NodeProto gemm = node("Gemm", "/fc/Gemm", List.of("f", "b", "c"), "y").toBuilder()
                .addAttribute(real("alpha", 2f)).addAttribute(real("beta", 0.5f)).build();
        // B [in 2, out 3] (transB 0); C [3] as float16 in int32_data: 1, 2, -4 are 0x3c00, 0x4000, 0xc400
        TensorProto c = TensorProto.newBuilder().setName("c").setDataType(TensorProto.DataType.FLOAT16_VALUE)
                .addDims(3).addInt32Data(0x3c00).addInt32Data(0x4000).addInt32Data(0xc400).build();
        OnnxModel m = OnnxReader.read(model(13, input(dim(1), dim(2), dim(1), dim(1)), List.of(flat, gemm),
                List.of(floats("b", new float[] {1, 2, 3, 4, 5, 6}, 2, 3), c), "y").toByteArray(), "g.onnx", "g");
        assertArrayEquals(new float[] {2, 8, 4, 10, 6, 12}, m.weights().get("/fc/Gemm.weight").data());
        assertArrayEquals(new long[] {3, 2}, m.weights().get("/fc/Gemm.weight").shape());
        assertArrayEquals(new float[] {0.5f, 1f, -2f}, m.weights().get("/fc/Gemm.bias").data());
    }

    @Test
    void aDeclaredTensorLargerThanItsBytesIsRefusedBeforeAllocation() {
        TensorProto huge = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(1 << 20).addDims(1 << 10).setRawData(ByteString.copyFrom(new byte[8])).build();
        String m = refusal(() -> OnnxReader.read(model(13, image(8), List.of(node("Conv", "/c/Conv",
                List.of("x", "w"), "y")), List.of(huge), "y").toByteArray(), "h.onnx", "h"));
        assertTrue(m.contains("raw_data holds 8 bytes"), m);
    }

    @Test
    void aMeanOverOtherAxesThanHeightAndWidthIsRefused() {
        NodeProto mean = node("ReduceMean", "/ReduceMean", List.of("x"), "y").toBuilder().addAttribute(ints("axes", 1))
                .build();
        String m = refusal(() -> OnnxReader.read(model(13, image(8), List.of(mean), List.of(), "y").toByteArray(),
                "m.onnx", "m"));
        assertEquals("m.onnx: node '/ReduceMean' (ReduceMean): the mean over axes [1] of a rank-4 tensor is not "
                + "supported (only over the height and width, axes 2 and 3, of [N, C, H, W])", m);
    }

    static ModelProto model(int opset, ValueInfoProto input, List<NodeProto> nodes, List<TensorProto> initializers,
            String output) {
        GraphProto graph = GraphProto.newBuilder().setName("g").addInput(input).addAllNode(nodes)
                .addAllInitializer(initializers).addOutput(ValueInfoProto.newBuilder().setName(output)).build();
        return ModelProto.newBuilder().setIrVersion(7).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset))
                .setGraph(graph).build();
    }

    static ValueInfoProto image(int size) {
        return input(dim(1), dim(3), dim(size), dim(size));
    }

    static ValueInfoProto input(TensorShapeProto.Dimension... dims) {
        return ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(TensorShapeProto.newBuilder().addAllDim(List.of(dims))))).build();
    }

    static TensorShapeProto.Dimension dim(long v) {
        return TensorShapeProto.Dimension.newBuilder().setDimValue(v).build();
    }

    static NodeProto node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output).build();
    }

    static TensorProto floats(String name, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto real(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }
}

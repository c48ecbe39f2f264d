package org.zfnet.model.internal.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zfnet.model.internal.onnx.OnnxRefusalTest.dim;
import static org.zfnet.model.internal.onnx.OnnxRefusalTest.input;
import static org.zfnet.model.internal.onnx.OnnxRefusalTest.model;
import static org.zfnet.model.internal.onnx.OnnxRefusalTest.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import org.junit.jupiter.api.Test;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;

/**
 * Constant folding ({@link OnnxFolding}, {@link OnnxArithmetic}) on small hand-computed cases: the pads chain torch
 * writes for {@code nn.ZeroPad2d}, NumPy broadcasting, Range, Gather, Slice; the batch size of a dynamic input kept as
 * a symbol that reaches a flatten but is never computed with; and the refusals, each one line.
 */
class OnnxFoldingTest {

    private static final TensorShapeProto.Dimension DYNAMIC = TensorShapeProto.Dimension.newBuilder()
            .setDimParam("batch").build();

    @Test
    void zeroPad2dPadsChainGivesOnnxPadsBeginsThenEnds() {
        // torch 1.13's ZeroPad2d((1, 2, 0, 1)) (left, right, top, bottom): [1, 2, 0, 1] and four zeros as [4, 2]
        // pairs, the rows reversed, transposed and flattened: begins [0, 0, top 0, left 1], ends [0, 0, bottom 1, right 2]
        List<NodeProto> nodes = new ArrayList<>(List.of(
                constant("four", ints(new long[] {4}, 1)),
                constant("given", ints(new long[] {1, 2, 0, 1}, 4)),
                node("ConstantOfShape", "zeros", List.of("four"), "zeros").toBuilder()
                        .addAttribute(tensor("value", ints(new long[] {0}, 1))).build(),
                axis(node("Concat", "cat", List.of("given", "zeros"), "cat"), 0),
                constant("pairs", ints(new long[] {-1, 2}, 2)),
                node("Reshape", "r", List.of("cat", "pairs"), "r"),
                constant("start", ints(new long[] {-1}, 1)),
                constant("end", ints(new long[] {-Long.MAX_VALUE}, 1)),
                constant("axes", ints(new long[] {0}, 1)),
                constant("step", ints(new long[] {-1}, 1)),
                node("Slice", "s", List.of("r", "start", "end", "axes", "step"), "s"),
                node("Transpose", "t", List.of("s"), "t").toBuilder().addAttribute(OnnxRefusalTest.ints("perm", 1, 0))
                        .build(),
                constant("flat", ints(new long[] {-1}, 1)),
                node("Reshape", "r2", List.of("t", "flat"), "r2"),
                node("Cast", "pads", List.of("r2"), "pads").toBuilder().addAttribute(integer("to", 7)).build()));
        OnnxGraph g = evaluate(1, nodes);
        assertArrayEquals(new long[] {4, 2}, g.value(probe("r"), 0, "r").shape());
        assertArrayEquals(new long[] {0, 0, 0, 1, 0, 0, 1, 2}, longs(g, "pads"));
    }

    @Test
    void arithmeticBroadcastsAsNumPyAndIntegerDivisionTruncates() {
        OnnxGraph g = evaluate(1, List.of(
                constant("zero", ints(new long[] {0})),
                constant("seven", ints(new long[] {7})),
                constant("three", ints(new long[] {3})),
                node("Range", "range", List.of("zero", "seven", "three"), "range"), // [0, 3, 6]
                constant("column", ints(new long[] {1, -2}, 2, 1)),
                node("Mul", "mul", List.of("range", "column"), "mul"), // [[0, 3, 6], [0, -6, -12]]
                constant("four", ints(new long[] {4})),
                node("Div", "div", List.of("mul", "four"), "div"), // [[0, 0, 1], [0, -1, -3]]
                node("Sub", "sub", List.of("column", "div"), "sub"), // [[1, 1, 0], [-2, -1, 1]]
                constant("last", ints(new long[] {-1})),
                axis(node("Gather", "gather", List.of("mul", "last"), "gather"), 1), // [6, -12]
                node("Cast", "real", List.of("gather"), "real").toBuilder().addAttribute(integer("to", 1)).build(),
                constant("half", TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .addFloatData(0.5f).build()),
                node("Add", "add", List.of("real", "half"), "add"))); // [6.5, -11.5]
        assertArrayEquals(new long[] {0, 3, 6}, longs(g, "range"));
        assertArrayEquals(new long[] {2, 3}, g.value(probe("mul"), 0, "mul").shape());
        assertArrayEquals(new long[] {0, 3, 6, 0, -6, -12}, longs(g, "mul"));
        assertArrayEquals(new long[] {0, 0, 1, 0, -1, -3}, longs(g, "div"));
        assertArrayEquals(new long[] {1, 1, 0, -2, -1, 1}, longs(g, "sub"));
        assertArrayEquals(new long[] {6, -12}, longs(g, "gather"));
        assertArrayEquals(new float[] {6.5f, -11.5f}, g.floats(probe("add"), 0, "add").data());
    }

    @Test
    void aNegativeStepOverAnEmptyAxisSlicesNothing() {
        // Shape [2, 3, 4, 5] sliced [0:0] is empty; reversed ([-1::-1]) it stays empty (a fuzz finding indexed into it)
        OnnxGraph g = evaluate(2, List.of(
                node("Shape", "shape", List.of("x"), "shape"),
                constant("zero", ints(new long[] {0}, 1)),
                constant("axis0", ints(new long[] {0}, 1)),
                node("Slice", "empty", List.of("shape", "zero", "zero", "axis0"), "empty"),
                constant("start", ints(new long[] {-1}, 1)),
                constant("end", ints(new long[] {Long.MIN_VALUE}, 1)),
                constant("step", ints(new long[] {-1}, 1)),
                node("Slice", "reversed", List.of("empty", "start", "end", "axis0", "step"), "reversed")));
        assertArrayEquals(new long[0], longs(g, "empty"));
        assertArrayEquals(new long[0], longs(g, "reversed"));
    }

    @Test
    void shapeGatherSqueezeAndSliceReadALayersShape() {
        // x [N, 3, 4, 5] at a declared batch of 2: Shape [2, 3, 4, 5]; its last three reversed by a Slice
        OnnxGraph g = evaluate(2, List.of(
                node("Shape", "shape", List.of("x"), "shape"),
                constant("start", ints(new long[] {-1}, 1)),
                constant("end", ints(new long[] {0}, 1)),
                constant("step", ints(new long[] {-1}, 1)),
                constant("axis0", ints(new long[] {0}, 1)),
                node("Slice", "slice", List.of("shape", "start", "end", "axis0", "step"), "slice"),
                constant("one", ints(new long[] {1}, 1)),
                axis(node("Gather", "gather", List.of("shape", "one"), "gather"), 0),
                node("Squeeze", "squeeze", List.of("gather"), "squeeze")));
        assertArrayEquals(new long[] {2, 3, 4, 5}, longs(g, "shape"));
        assertArrayEquals(new long[] {5, 4, 3}, longs(g, "slice"));
        assertArrayEquals(new long[] {3}, longs(g, "squeeze"));
        assertEquals(0, g.value(probe("squeeze"), 0, "squeeze").rank());
    }

    @Test
    void theDynamicBatchSizeReachesAFlattenAsViewOfSizeZero() {
        ModelSpec spec = OnnxReader.read(model(11, input(DYNAMIC, dim(3), dim(4), dim(5)), viewOfSizeZero(null),
                List.of(), "y").toByteArray(), "v.onnx", "v").spec();
        assertEquals("softmax", spec.layers().get(spec.layers().size() - 1).type()); // added after the scores [N, K]
        LayerSpec last = spec.layers().get(spec.layers().size() - 2);
        assertEquals("flatten", last.type());
        assertEquals("/Reshape", last.name());
        assertEquals(List.of("/relu/Relu"), last.inputs());
    }

    @Test
    void computingWithTheDynamicBatchSizeIsRefusedInOneLine() {
        // x.view(x.size(0) // 2, -1) exported with a dynamic batch
        NodeProto half = node("Div", "/Div", List.of("n", "two"), "half");
        String m = refusal(() -> OnnxReader.read(model(11, input(DYNAMIC, dim(3), dim(4), dim(5)),
                viewOfSizeZero(half), List.of(), "y").toByteArray(), "d.onnx", "d"));
        assertEquals("d.onnx: node '/Div' (Div): input 0 'n' depends on the batch size, which is dynamic in this file "
                + "(export with a fixed batch, or without dynamic_axes, to have it evaluated)", m);
    }

    @Test
    void aFirstExtentOtherThanTheBatchIsNoFlatten() {
        // x.view(2, -1) of a file declaring batch 1: [2, 30] in PyTorch, no flatten
        List<NodeProto> nodes = List.of(node("Relu", "/relu/Relu", List.of("x"), "r"),
                constant("s", ints(new long[] {2, -1}, 2)), node("Reshape", "/Reshape", List.of("r", "s"), "y"));
        String m = refusal(() -> OnnxReader.read(model(13, input(dim(1), dim(3), dim(4), dim(5)), nodes, List.of(), "y")
                .toByteArray(), "f.onnx", "f"));
        assertEquals("f.onnx: node '/Reshape' (Reshape): Reshape of [3, 4, 5] to [2, -1] is not supported (only "
                + "flattening, to [N, -1] or [N, 60])", m);
    }

    @Test
    void shapeArithmeticOnALayersValuesIsRefusedNamingTheInput() {
        List<NodeProto> nodes = List.of(node("Relu", "/relu/Relu", List.of("x"), "r"),
                node("Cast", "/Cast", List.of("r"), "c").toBuilder().addAttribute(integer("to", 7)).build(),
                node("Reshape", "/Reshape", List.of("r", "c"), "y"));
        String m = refusal(() -> OnnxReader.read(model(13, input(dim(1), dim(3), dim(4), dim(5)), nodes, List.of(), "y")
                .toByteArray(), "c.onnx", "c"));
        assertEquals("c.onnx: node '/Cast' (Cast): input 0 'r' is a layer's output, not a constant: Cast is evaluated "
                + "on constants and shapes only (shape arithmetic)", m);
    }

    @Test
    void largeEvaluatedTensorsAreRefusedBeforeAllocation() {
        String big = refusal(() -> evaluate(1, List.of(constant("s", ints(new long[] {1L << 40, 1L << 40}, 2)),
                node("ConstantOfShape", "/big", List.of("s"), "z"))));
        assertEquals("f.onnx: node '/big' (ConstantOfShape): the result of shape [1099511627776, 1099511627776] has "
                + "more than 65536 values, more than the importer evaluates", big);
        String range = refusal(() -> evaluate(1, List.of(constant("a", ints(new long[] {0})),
                constant("b", ints(new long[] {Long.MAX_VALUE})), constant("c", ints(new long[] {1})),
                node("Range", "/range", List.of("a", "b", "c"), "z"))));
        assertTrue(range.contains("a range of 9.223372036854776E18 values is not evaluated"), range);
        // 2^20 values are all the importer evaluates in one file: the shape's one and fifteen tensors of 65536, not
        // a sixteenth
        List<NodeProto> many = new ArrayList<>(List.of(constant("s", ints(new long[] {1 << 16}, 1))));
        for (int i = 0; i < 16; i++) {
            many.add(node("ConstantOfShape", "/z" + i, List.of("s"), "z" + i));
        }
        String total = refusal(() -> evaluate(1, many));
        assertTrue(total.contains("the constants evaluated for 'z15' and before hold more than 1048576 values"), total);
    }

    @Test
    void theFuzzSeedOfShapeArithmeticImportsAsPadConvPoolFlatten() throws Exception {
        byte[] seed;
        try (var in = getClass().getResourceAsStream(
                "/org/zfnet/model/internal/OnnxReaderFuzzTestInputs/read/valid-shape-arithmetic.onnx")) {
            seed = in.readAllBytes();
        }
        ModelSpec spec = OnnxReader.read(seed, "seed.onnx", "seed").spec();
        assertEquals(List.of("pad", "conv", "globalavgpool", "flatten", "softmax"), spec.layers().stream().map(LayerSpec::type)
                .toList());
        assertEquals(List.of(0, 1, 1, 0), spec.layers().get(0).pads()); // ZeroPad2d((1, 0, 0, 1)): top, left, bottom, right
    }

    /** x [N, 3, 4, 5], ReLU, then x.view(x.size(0), -1) as torch writes it (opset 11); {@code onSize} edits N. */
    private static List<NodeProto> viewOfSizeZero(NodeProto onSize) {
        List<NodeProto> nodes = new ArrayList<>(List.of(node("Relu", "/relu/Relu", List.of("x"), "r"),
                node("Shape", "/Shape", List.of("r"), "shape"), constant("zero", ints(new long[] {0})),
                axis(node("Gather", "/Gather", List.of("shape", "zero"), "n"), 0)));
        if (onSize != null) {
            nodes.add(constant("two", ints(new long[] {2})));
            nodes.add(onSize);
        }
        nodes.add(node("Unsqueeze", "/Unsqueeze", List.of(onSize == null ? "n" : onSize.getOutput(0)), "n1")
                .toBuilder().addAttribute(OnnxRefusalTest.ints("axes", 0)).build());
        nodes.add(constant("rest", ints(new long[] {-1}, 1)));
        nodes.add(axis(node("Concat", "/Concat", List.of("n1", "rest"), "target"), 0));
        nodes.add(node("Reshape", "/Reshape", List.of("r", "target"), "y"));
        return nodes;
    }

    /** The nodes mapped into a graph on x {@code [batch, 3, 4, 5]}. */
    private static OnnxGraph evaluate(long batch, List<NodeProto> protos) {
        List<OnnxNode> nodes = new ArrayList<>();
        for (NodeProto p : protos) {
            nodes.add(new OnnxNode(p, nodes.size(), "f.onnx"));
        }
        OnnxGraph g = new OnnxGraph("f.onnx", 13, nodes, Set.of("y"));
        g.input("x", new long[] {3, 4, 5}, batch);
        for (OnnxNode n : nodes) {
            OnnxOperators.map(n, g);
        }
        return g;
    }

    /** A node reading the tensor, to ask the graph for its value. */
    private static OnnxNode probe(String tensor) {
        return new OnnxNode(NodeProto.newBuilder().setOpType("Probe").addInput(tensor).build(), 0, "f.onnx");
    }

    private static long[] longs(OnnxGraph g, String tensor) {
        return g.longs(probe(tensor), 0, tensor);
    }

    private static String refusal(Runnable read) {
        String message = assertThrows(InvalidInputException.class, read::run).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        return message;
    }

    private static TensorProto ints(long[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    private static NodeProto constant(String output, TensorProto value) {
        return NodeProto.newBuilder().setOpType("Constant").setName("/" + output).addOutput(output)
                .addAttribute(tensor("value", value)).build();
    }

    private static AttributeProto tensor(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value).build();
    }

    private static AttributeProto integer(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static NodeProto axis(NodeProto n, long axis) {
        return n.toBuilder().addAttribute(integer("axis", axis)).build();
    }
}

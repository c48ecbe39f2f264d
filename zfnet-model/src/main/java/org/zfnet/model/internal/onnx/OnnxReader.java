package org.zfnet.model.internal.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.shade.protobuf.CodedInputStream;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.formats.FileErrors;

/**
 * Reads an ONNX file as {@code torch.onnx.export} writes it (opsets 11 to 17): one image input {@code [N, C, H, W]}
 * with fixed C, H and W (the batch may be dynamic; a dynamic height or width is refused, as the layers' shapes are
 * fixed), one output, the last node's (a softmax {@value #PROBABILITIES} added after logits); the nodes mapped by
 * {@link OnnxOperators}, the initializers decoded by {@link OnnxTensors}, shape arithmetic evaluated by
 * {@link OnnxFolding}. Everything else is refused with one line naming the file and, for a node, its name and
 * operator. The protobuf classes are those nd4j-api bundles; no ONNX runtime is involved. The model is named after
 * the file; images are preprocessed as torchvision's ImageNet models ({@link Preprocessing#imagenet(int, int)}: resize
 * 256, crop 224, ImageNet mean and std, the resize scaled for other input sizes).
 */
public final class OnnxReader {

    /** The opsets whose operators the importer knows. */
    static final int MIN_OPSET = 11;
    static final int MAX_OPSET = 17;
    /** The name of the softmax added after a graph that ends in the logits. */
    public static final String PROBABILITIES = "prob";

    private OnnxReader() {
    }

    /** Whether a path names an ONNX file (by its extension). */
    public static boolean isOnnx(Path file) {
        return file.getFileName() != null
                && file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    }

    public static OnnxModel read(Path file) {
        FileErrors.requireRegularFile(file);
        byte[] bytes;
        try {
            if (Files.size(file) > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(file + ": " + Files.size(file) + " bytes is more than one ONNX file "
                        + "holds without external data, which is not supported");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + FileErrors.reason(e, file));
        }
        String name = file.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
        return read(bytes, file.toString(), name);
    }

    /** Reads the bytes of an ONNX file; {@code source} names it in messages, {@code name} names the model. */
    public static OnnxModel read(byte[] bytes, String source, String name) {
        ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.enableAliasing(true); // initializers' raw data stay views of the file's bytes
            model = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": not an ONNX model (" + e.getMessage() + ")");
        }
        long opset = opset(model, source);
        GraphProto graph = model.getGraph();
        if (graph.getNodeCount() == 0) {
            throw new InvalidInputException(source + ": not an ONNX model, or one without nodes");
        }
        List<OnnxNode> nodes = new ArrayList<>();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            nodes.add(new OnnxNode(graph.getNode(i), i, source));
        }
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
        if (outputs.size() != 1) {
            throw new InvalidInputException(source + ": the graph has " + outputs.size() + " outputs " + outputs
                    + "; one (the class scores) is supported");
        }
        OnnxGraph g = new OnnxGraph(source, opset, nodes, outputs);
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            g.constant(t.getName(), t);
            initializers.add(t.getName());
        }
        List<ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(v -> !initializers.contains(v.getName())).toList();
        if (inputs.size() != 1) {
            throw new InvalidInputException(source + ": the graph has " + inputs.size() + " inputs " + inputs.stream()
                    .map(ValueInfoProto::getName).toList() + "; one image input is supported");
        }
        long[] shape = inputShape(inputs.get(0), source);
        g.input(inputs.get(0).getName(), shape, batch(inputs.get(0)));
        for (OnnxNode node : nodes) {
            OnnxOperators.map(node, g);
        }
        String output = outputs.iterator().next();
        if (!output.equals(g.lastOutput)) {
            throw new InvalidInputException(source + ": the graph's output '" + output + "' is not the output of its "
                    + "last layer" + (g.layers.isEmpty() ? "" : " '" + g.layers.get(g.layers.size() - 1).name() + "'"));
        }
        List<LayerSpec> layers = g.last().shape().length == 1 ? withProbabilities(g.layers) : g.layers;
        List<Integer> input = List.of((int) shape[0], (int) shape[1], (int) shape[2]);
        Preprocessing preprocessing = Preprocessing.imagenet((int) shape[1], (int) shape[2]);
        String producer = model.getProducerName().isEmpty() ? "" : ", written by " + model.getProducerName()
                + (model.getProducerVersion().isEmpty() ? "" : " " + model.getProducerVersion());
        ModelSpec spec = new ModelSpec(name, "imported from ONNX (opset " + opset + producer + ")", input,
                preprocessing, List.of(), layers);
        return new OnnxModel(spec, g.weights);
    }

    /**
     * The layers of a graph that ends in class scores {@code [N, K]}, ending in a softmax: a graph that ends in the
     * logits (as torchvision's models do) gets a softmax named {@value #PROBABILITIES} after them, as zfnet's built-in
     * models have, so that the class probabilities are a tap and the analyses that watch them (occlusion) run; the
     * logits stay the tap of the graph's output node.
     */
    private static List<LayerSpec> withProbabilities(List<LayerSpec> layers) {
        LayerSpec last = layers.get(layers.size() - 1);
        if (last.type().equals("softmax")) {
            return layers;
        }
        String name = PROBABILITIES;
        while (named(layers, name)) {
            name += "_";
        }
        List<LayerSpec> all = new ArrayList<>(layers);
        all.add(LayerSpec.softmax(name).withInputs(last.name()));
        return all;
    }

    private static boolean named(List<LayerSpec> layers, String name) {
        return layers.stream().anyMatch(l -> name.equals(l.name()));
    }

    /** The version of the default operator set, refused outside 11 to 17. */
    private static long opset(ModelProto model, String source) {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                if (o.getVersion() < MIN_OPSET || o.getVersion() > MAX_OPSET) {
                    throw new InvalidInputException(source + ": ONNX opset " + o.getVersion() + " is not supported "
                            + "(opsets " + MIN_OPSET + " to " + MAX_OPSET + "; torch.onnx.export(..., opset_version=17))");
                }
                return o.getVersion();
            }
        }
        throw new InvalidInputException(source + ": not an ONNX model (it imports no ONNX operator set)");
    }

    /** The batch size an input declares, 0 where it is dynamic (a dim_param or none). */
    private static long batch(ValueInfoProto input) {
        TensorShapeProto.Dimension d = input.getType().getTensorType().getShape().getDim(0);
        return d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : 0;
    }

    /** {@code [C, H, W]} of an input {@code [N, C, H, W]} of floats, C, H and W fixed. */
    private static long[] inputShape(ValueInfoProto input, String source) {
        String where = source + ": input '" + input.getName() + "'";
        if (!input.getType().hasTensorType() || input.getType().getTensorType().getElemType()
                != TensorProto.DataType.FLOAT_VALUE) {
            throw new InvalidInputException(where + " is not a float32 tensor");
        }
        TensorShapeProto shape = input.getType().getTensorType().getShape();
        if (shape.getDimCount() != 4) {
            throw new InvalidInputException(where + " has " + shape.getDimCount() + " dimensions; an image batch "
                    + "[N, C, H, W] is supported");
        }
        long[] chw = new long[3];
        String[] names = {"channels", "height", "width"};
        for (int i = 0; i < 3; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i + 1);
            if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > 1 << 16) {
                throw new InvalidInputException(where + " has " + (d.hasDimValue() ? "the " + names[i] + " "
                        + d.getDimValue() : "a dynamic " + names[i] + (d.getDimParam().isEmpty() ? ""
                        : " ('" + d.getDimParam() + "')")) + "; export the model with a fixed input size (dynamic_axes "
                        + "on the batch only)");
            }
            chw[i] = d.getDimValue();
        }
        return chw;
    }
}

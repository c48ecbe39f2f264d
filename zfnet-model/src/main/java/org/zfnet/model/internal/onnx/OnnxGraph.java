package org.zfnet.model.internal.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.TensorProto;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.formats.FloatArray;
import org.zfnet.model.internal.layers.LayerType;
import org.zfnet.model.internal.layers.LayerTypes;

/**
 * An ONNX graph being turned into layers: what each tensor name holds (a layer's output with its shape for one
 * sample, or a constant: an initializer, a {@code Constant} node's value or a value {@link OnnxFolding} evaluated),
 * the layers so far and their parameters. Layers always name their inputs; the network's input is {@code input}.
 */
final class OnnxGraph {

    /** A layer's output (or the network's input): the layer name and the shape of one sample. */
    record Activation(String layer, long[] shape) {
    }

    /** The most values all evaluated constants hold together (each at most {@link OnnxValue#MAX_ELEMENTS}). */
    static final int MAX_EVALUATED = 1 << 20;

    final String source;
    final long opset;
    final List<LayerSpec> layers = new ArrayList<>();
    final Map<String, FloatArray> weights = new LinkedHashMap<>();
    private final Map<String, Activation> activations = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, OnnxValue> evaluated = new HashMap<>();
    private long evaluatedValues;
    /** The batch size the input declares, 0 where it is dynamic. */
    private long batch;
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();
    private final Set<String> graphOutputs;
    private final Set<OnnxNode> absorbed = new HashSet<>();
    /** The output tensor of the last layer added. */
    String lastOutput = "";

    OnnxGraph(String source, long opset, List<OnnxNode> nodes, Set<String> graphOutputs) {
        this.source = source;
        this.opset = opset;
        this.graphOutputs = graphOutputs;
        for (OnnxNode n : nodes) {
            for (int i = 0; i < n.inputCount(); i++) {
                consumers.computeIfAbsent(n.input(i), k -> new ArrayList<>()).add(n);
            }
        }
    }

    /** The network's input: the shape of one sample and the batch size declared (0 where dynamic). */
    void input(String tensor, long[] shape, long batch) {
        activations.put(tensor, new Activation("input", shape));
        this.batch = batch;
    }

    long batch() {
        return batch;
    }

    void constant(String tensor, TensorProto value) {
        constants.put(tensor, value);
    }

    boolean isConstant(String tensor) {
        return constants.containsKey(tensor) || evaluated.containsKey(tensor);
    }

    /** An evaluated constant, counted against {@link #MAX_EVALUATED}. */
    void fold(String tensor, OnnxValue value) {
        evaluatedValues += value.size();
        if (evaluatedValues > MAX_EVALUATED) {
            throw new InvalidInputException(source + ": the constants evaluated for '" + tensor + "' and before hold "
                    + "more than " + MAX_EVALUATED + " values, more than the importer evaluates");
        }
        evaluated.put(tensor, value);
    }

    /** Names a constant again (an Identity of it). */
    void alias(String tensor, String constant) {
        if (evaluated.containsKey(constant)) {
            evaluated.put(tensor, evaluated.get(constant));
        } else {
            constants.put(tensor, constants.get(constant));
        }
    }

    /**
     * The value of the constant a node takes as input {@code i} ({@code what} names it in a refusal), evaluated (an
     * initializer decoded once).
     */
    OnnxValue value(OnnxNode node, int i, String what) {
        OnnxValue v = evaluated.get(node.input(i));
        if (v == null) {
            v = OnnxValue.of(constant(node, i, what), where(node, i, what));
            fold(node.input(i), v);
        }
        return v;
    }

    /** The shape of the constant a node takes as input {@code i}, without decoding it. */
    long[] constantShape(OnnxNode node, int i) {
        OnnxValue v = evaluated.get(node.input(i));
        return v != null ? v.shape() : OnnxTensors.shape(constant(node, i, "input " + i), where(node, i, "input " + i));
    }

    /** The layer output a node takes as input {@code i}. */
    Activation activation(OnnxNode node, int i) {
        Activation a = activations.get(node.input(i));
        if (a == null) {
            throw node.refuse("input " + i + " '" + node.input(i) + "' is " + (isConstant(node.input(i))
                    ? "a constant where a layer's output is expected" : "not computed by an earlier node"));
        }
        return a;
    }

    /** The layer output a tensor names (one a node mapped to two layers made). */
    Activation activation(String tensor) {
        return activations.get(tensor);
    }

    /** The constant a node takes as input {@code i} ({@code what} names it in a refusal). */
    TensorProto constant(OnnxNode node, int i, String what) {
        TensorProto t = constants.get(node.input(i));
        if (t == null) {
            throw node.refuse(what + " (input " + i + " '" + node.input(i) + "') must be a constant: an initializer, "
                    + "a Constant node, or shape arithmetic on those and the shapes of layers' outputs");
        }
        return t;
    }

    FloatArray floats(OnnxNode node, int i, String what) {
        OnnxValue v = evaluated.get(node.input(i));
        return v != null ? v.floatArray(where(node, i, what))
                : OnnxTensors.floats(constant(node, i, what), where(node, i, what));
    }

    long[] longs(OnnxNode node, int i, String what) {
        OnnxValue v = evaluated.get(node.input(i));
        return v != null ? v.longs(where(node, i, what))
                : OnnxTensors.longs(constant(node, i, what), where(node, i, what));
    }

    String where(OnnxNode node, int i, String what) {
        return source + ": node '" + node.name + "' (" + node.op() + "): " + what + " '" + node.input(i) + "'";
    }

    /** The nodes that take the tensor as input. */
    List<OnnxNode> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    /** Whether anything reads the tensor: a node or the graph's outputs. */
    boolean used(String tensor) {
        return !tensor.isEmpty() && (!consumers(tensor).isEmpty() || graphOutputs.contains(tensor));
    }

    boolean isGraphOutput(String tensor) {
        return graphOutputs.contains(tensor);
    }

    /** Marks a node as taken into a layer made for an earlier one (the Add after a MatMul). */
    void absorb(OnnxNode node) {
        absorbed.add(node);
    }

    boolean absorbed(OnnxNode node) {
        return absorbed.contains(node);
    }

    /**
     * Adds the layer that computes {@code output} from the given layer outputs; its shape is checked and kept.
     * Returns the layer's name.
     */
    String add(OnnxNode node, String output, LayerSpec layer, List<Activation> from) {
        LayerType type = LayerTypes.of(layer.type());
        List<long[]> shapes = from.stream().map(Activation::shape).toList();
        long[] shape;
        try {
            shape = type.outputShape(layer, shapes, "node '" + node.name + "' (" + node.op() + ")");
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + e.getMessage() + " (input shapes " + String.join(" and ",
                    shapes.stream().map(Arrays::toString).toList()) + ")");
        }
        layers.add(layer.withInputs(from.stream().map(Activation::layer).toArray(String[]::new)));
        activations.put(output, new Activation(layer.name(), shape));
        lastOutput = output;
        return layer.name();
    }

    /** The output of the last layer added. */
    Activation last() {
        return activations.get(lastOutput);
    }

    void parameter(String layer, String suffix, FloatArray value) {
        weights.put(layer + "." + suffix, value);
    }
}

package org.zfnet.model.internal.onnx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.AttributeProto.AttributeType;
import onnx.Onnx.NodeProto;
import org.zfnet.api.InvalidInputException;

/**
 * One node of an ONNX graph as the importer reads it: its name (the layer name it becomes), operator, inputs and
 * attributes, each read with its default and checked, and refusals that name the file, the node and the operator.
 */
final class OnnxNode {

    final NodeProto proto;
    /**
     * The layer name: the node's name ({@code <op>_<index>} for a node without one), with characters other than
     * letters, digits, '_', '/' and '.' replaced by '_'.
     */
    final String name;
    private final String source;
    private final Map<String, AttributeProto> attributes = new HashMap<>();

    OnnxNode(NodeProto proto, int index, String source) {
        this.proto = proto;
        this.source = source;
        String given = proto.getName().isEmpty() ? proto.getOpType() + "_" + index : proto.getName();
        this.name = given.replaceAll("[^A-Za-z0-9_/.]", "_");
        for (AttributeProto a : proto.getAttributeList()) {
            attributes.put(a.getName(), a);
        }
    }

    String op() {
        return proto.getOpType();
    }

    /** Input {@code i}'s tensor name, or "" where it is absent (an optional input left out). */
    String input(int i) {
        return i < proto.getInputCount() ? proto.getInput(i) : "";
    }

    int inputCount() {
        return proto.getInputCount();
    }

    String output() {
        return proto.getOutputCount() == 0 ? "" : proto.getOutput(0);
    }

    /** A refusal naming the file, the node and its operator. */
    InvalidInputException refuse(String why) {
        return new InvalidInputException(where(why));
    }

    /** The start of a refusal line about {@code what} of this node: the file, the node and its operator. */
    String where(String what) {
        return source + ": node '" + name + "' (" + op() + "): " + what;
    }

    boolean has(String attribute) {
        return attributes.containsKey(attribute);
    }

    long integer(String attribute, long fallback) {
        AttributeProto a = attributes.get(attribute);
        if (a == null) {
            return fallback;
        }
        expect(a, AttributeType.INT);
        return a.getI();
    }

    /** An int attribute that must fit an {@code int}. */
    int smallInt(String attribute, int fallback) {
        long v = integer(attribute, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw refuse("attribute '" + attribute + "' = " + v + " is out of range");
        }
        return (int) v;
    }

    float real(String attribute, float fallback) {
        AttributeProto a = attributes.get(attribute);
        if (a == null) {
            return fallback;
        }
        expect(a, AttributeType.FLOAT);
        return a.getF();
    }

    String text(String attribute, String fallback) {
        AttributeProto a = attributes.get(attribute);
        if (a == null) {
            return fallback;
        }
        expect(a, AttributeType.STRING);
        return a.getS().toStringUtf8();
    }

    /** An ints attribute of {@code count} values (any count when negative), each fitting an {@code int}. */
    int[] ints(String attribute, int count, int[] fallback) {
        AttributeProto a = attributes.get(attribute);
        if (a == null) {
            return fallback;
        }
        expect(a, AttributeType.INTS);
        List<Long> values = a.getIntsList();
        if (count >= 0 && values.size() != count) {
            throw refuse("attribute '" + attribute + "' has " + values.size() + " values " + values + ", expected "
                    + count);
        }
        int[] v = new int[values.size()];
        for (int i = 0; i < v.length; i++) {
            long x = values.get(i);
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                throw refuse("attribute '" + attribute + "' holds " + x + ", out of range");
            }
            v[i] = (int) x;
        }
        return v;
    }

    AttributeProto attribute(String name) {
        return attributes.get(name);
    }

    /** Refuses every attribute not in {@code known}: an attribute the importer would ignore could change the result. */
    void onlyAttributes(String... known) {
        List<String> allowed = Arrays.asList(known);
        for (String a : attributes.keySet()) {
            if (!allowed.contains(a)) {
                throw refuse("attribute '" + a + "' is not supported (supported: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private void expect(AttributeProto a, AttributeType type) {
        if (a.getType() != type) {
            throw refuse("attribute '" + a.getName() + "' should be " + type + ", is " + a.getType());
        }
    }
}

package org.zfnet.model.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.model.internal.layers.LayerType;
import org.zfnet.model.internal.layers.LayerTypes;
import org.zfnet.model.internal.layers.Relu;
import org.zfnet.model.internal.layers.Specs;

/**
 * A {@link ModelSpec} checked layer by layer, as a directed acyclic graph: each layer's type (one definition per
 * type, {@link LayerTypes}), the layers it takes its inputs from, its output shape (in {@link #summary}), the
 * parameters it needs, its multiply-adds, and the named taps. Problems are reported naming the layer and the numbers.
 */
final class CompiledSpec {

    /** The name by which a layer takes the network's input. */
    static final String INPUT = "input";
    /** An index in {@link #inputs} that stands for the network's input. */
    static final int NETWORK_INPUT = -1;
    private static final String NAME = "[A-Za-z0-9_/]+(\\.[A-Za-z0-9_/]+)*";

    final ModelSpec spec;
    final List<LayerSummary> summary = new ArrayList<>();
    /** Parameter name to shape, in layer order (weight before bias). */
    final Map<String, long[]> parameters = new LinkedHashMap<>();
    /** Tap name to the index of the layer whose output it is, in layer order. */
    final Map<String, Integer> taps = new LinkedHashMap<>();
    /** Second names of taps: module paths for '/'-scoped node names ({@link TapAliases}), alias to tap name. */
    Map<String, String> aliases;
    /** Each layer's type. */
    final List<LayerType> types = new ArrayList<>();
    /** Each layer's inputs: indices of earlier layers, or {@link #NETWORK_INPUT}. */
    final List<int[]> inputs = new ArrayList<>();
    /** How many layers take each layer's output. */
    final int[] consumers;
    /** Each layer's output shape for one sample. */
    final List<long[]> shapes = new ArrayList<>();
    /**
     * Whether each layer may overwrite its (one) input: an array the pass allocated for the layer below, read by
     * nothing else, and no tap of its own (a convolution's output rectified in place by the ReLU that carries its tap).
     */
    boolean[] inPlace;

    private CompiledSpec(ModelSpec spec) {
        this.spec = spec;
        this.consumers = new int[spec.layers().size()];
    }

    static CompiledSpec of(ModelSpec spec) {
        CompiledSpec c = new CompiledSpec(spec);
        c.compile();
        return c;
    }

    /** The layer's type. */
    LayerType type(int layer) {
        return types.get(layer);
    }

    private void compile() {
        if (spec.name() == null || spec.name().isBlank()) {
            throw new InvalidInputException("model spec has no name");
        }
        List<Integer> input = spec.input();
        if (input.size() != 3 || input.stream().anyMatch(d -> d == null || d < 1)) {
            throw new InvalidInputException("model '" + spec.name() + "': input must be [C, H, W] with positive "
                    + "extents, got " + input);
        }
        if (spec.layers().isEmpty()) {
            throw new InvalidInputException("model '" + spec.name() + "' has no layers");
        }
        long[] networkInput = input.stream().mapToLong(Integer::longValue).toArray();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            String where = where(i, layer);
            LayerType type = checkFields(layer, where);
            if (layer.name() != null && byName.put(layer.name(), i) != null) {
                throw new InvalidInputException(where + ": the name '" + layer.name() + "' is used twice");
            }
            int[] from = resolveInputs(i, layer, type, byName, where);
            List<long[]> inShapes = new ArrayList<>();
            for (int k : from) {
                inShapes.add(k == NETWORK_INPUT ? networkInput : shapes.get(k));
                if (k != NETWORK_INPUT) {
                    consumers[k]++;
                }
            }
            long[] shape = type.outputShape(layer, inShapes, where);
            long params = 0;
            for (Map.Entry<String, long[]> p : type.parameters(layer, inShapes).entrySet()) {
                parameters.put(layer.name() + "." + p.getKey(), p.getValue());
                params = Specs.plusBias(where, Specs.product(where, "the parameter count", p.getValue()), params);
            }
            long macs = type.macs(layer, inShapes, shape, where);
            types.add(type);
            inputs.add(from);
            shapes.add(shape);
            List<String> inputNames = Arrays.stream(from).mapToObj(k -> k == NETWORK_INPUT ? INPUT
                    : spec.layers().get(k).name() == null ? "#" + k : spec.layers().get(k).name()).toList();
            summary.add(new LayerSummary(i, layer.name() == null ? "" : layer.name(), layer.type(),
                    Arrays.stream(shape).mapToInt(Math::toIntExact).boxed().toList(), params, macs, "", inputNames));
        }
        findTaps();
        aliases = TapAliases.of(List.copyOf(taps.keySet()));
        inPlace = new boolean[types.size()];
        for (int i = 0; i < types.size(); i++) {
            int[] from = inputs.get(i);
            int k = from[0];
            inPlace[i] = from.length == 1 && k >= 0 && types.get(k).ownsOutput() && consumers[k] == 1
                    && (spec.layers().get(k).name() == null || taps.get(spec.layers().get(k).name()) == i);
        }
        taps.forEach((tap, index) -> {
            LayerSummary s = summary.get(index);
            String shown = TapAliases.modulePath(tap).filter(alias -> tap.equals(aliases.get(alias))).orElse(tap);
            summary.set(index, new LayerSummary(s.index(), s.name(), s.type(), s.outputShape(), s.parameters(),
                    s.macs(), shown, s.inputs()));
        });
    }

    /** The index of the layer whose output is the tap named {@code name} or aliased so, if any. */
    Integer tapIndex(String name) {
        Integer index = taps.get(name);
        return index != null ? index : taps.get(aliases.get(name));
    }

    /** The previous layer (or the network's input) unless {@code inputs} names earlier layers. */
    private static int[] resolveInputs(int index, LayerSpec layer, LayerType type, Map<String, Integer> byName,
            String where) {
        if (layer.inputs() == null) {
            if (type.minInputs() > 1) {
                throw new InvalidInputException(where + ": needs 'inputs', the names of the " + type.minInputs()
                        + " or more layers it joins");
            }
            return new int[] {index - 1};
        }
        List<String> names = layer.inputs();
        if (names.size() < type.minInputs() || names.size() > type.maxInputs()) {
            throw new InvalidInputException(where + ": takes " + (type.minInputs() == type.maxInputs()
                    ? "one input" : "at least " + type.minInputs() + " inputs") + ", got " + names.size() + " " + names);
        }
        int[] from = new int[names.size()];
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            Integer at = INPUT.equals(name) ? Integer.valueOf(NETWORK_INPUT) : byName.get(name);
            if (at == null || at == index) {
                throw new InvalidInputException(where + ": input '" + name + "' is not an earlier layer (a layer "
                        + "comes after the layers it takes, so a graph has no cycles; '" + INPUT
                        + "' is the network's input)");
            }
            from[k] = at;
        }
        return from;
    }

    /**
     * Named layers are taps; a conv or linear layer's tap is the output of the unnamed ReLU that takes it, when that
     * is all that does.
     */
    private void findTaps() {
        List<LayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (layer.name() == null) {
                continue;
            }
            int at = i;
            if (types.get(i).ownsOutput() && consumers[i] == 1 && i + 1 < layers.size()
                    && types.get(i + 1) instanceof Relu && layers.get(i + 1).name() == null
                    && inputs.get(i + 1)[0] == i) {
                at = i + 1;
            }
            taps.put(layer.name(), at);
        }
    }

    private static LayerType checkFields(LayerSpec layer, String where) {
        LayerType type = LayerTypes.find(layer.type()).orElseThrow(() -> new InvalidInputException(where
                + ": unknown layer type '" + layer.type() + "' (expected " + String.join(", ", LayerTypes.names()) + ")"));
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("out", layer.out());
        given.put("kernel", layer.kernel());
        given.put("stride", layer.stride());
        given.put("pad", layer.pad());
        given.put("pads", layer.pads());
        given.put("ceil", layer.ceil());
        given.put("size", layer.size());
        given.put("alpha", layer.alpha());
        given.put("beta", layer.beta());
        given.put("k", layer.k());
        given.put("p", layer.p());
        given.put("groups", layer.groups());
        given.put("dilation", layer.dilation());
        given.put("bias", layer.bias());
        given.put("eps", layer.eps());
        given.put("countPad", layer.countPad());
        Set<String> allowed = type.fields();
        for (Map.Entry<String, Object> f : given.entrySet()) {
            if (f.getValue() != null && !allowed.contains(f.getKey())) {
                throw new InvalidInputException(where + ": '" + f.getKey() + "' does not apply to " + layer.type()
                        + (allowed.isEmpty() ? "" : " (it takes " + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
        }
        if (layer.name() != null && (!layer.name().matches(NAME) || layer.name().equals(INPUT))) {
            throw new InvalidInputException(where + ": a name is made of letters, digits, '_' and '/', in parts joined "
                    + "by '.' (a PyTorch module path such as layer1.0.conv1, or an ONNX node name such as "
                    + "/layer1/layer1.0/conv1/Conv), and is not '" + INPUT + "'");
        }
        if (type.hasParameters() && layer.name() == null) {
            throw new InvalidInputException(where + ": " + layer.type() + " layers need a name (it names their "
                    + "parameters)");
        }
        return type;
    }

    static String where(int index, LayerSpec layer) {
        return "layer " + index + (layer.name() == null ? "" : " '" + layer.name() + "'") + " (" + layer.type() + ")";
    }
}

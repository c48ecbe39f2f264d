package org.zfnet.model.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.formats.FileErrors;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.LongArray;
import org.zfnet.formats.Npz;
import org.zfnet.formats.SafeTensors;
import org.zfnet.formats.StateDict;
import org.zfnet.formats.TorchFiles;
import org.zfnet.model.internal.onnx.OnnxReader;

/** Network parameters from and to files, checked against what the spec needs, and He initialisation. */
final class Weights {

    private Weights() {
    }

    /**
     * Reads safetensors, npz, PyTorch's .pth/.pt or the initializers of an ONNX model (by extension) and checks names,
     * shapes and values against the spec. BatchNorm's {@code <layer>.num_batches_tracked}, a counter PyTorch saves with
     * the statistics, is ignored.
     */
    static Map<String, FloatArray> read(Path file, CompiledSpec spec) {
        FileErrors.requireRegularFile(file);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        StateDict tensors;
        if (name.endsWith(".safetensors")) {
            SafeTensors.Contents contents = SafeTensors.read(file);
            tensors = new StateDict(contents.tensors(), contents.integers());
        } else if (name.endsWith(".npz")) {
            tensors = Npz.readStateDict(file);
        } else if (name.endsWith(".pth") || name.endsWith(".pt")) {
            tensors = TorchFiles.read(file);
        } else if (OnnxReader.isOnnx(file)) {
            tensors = new StateDict(OnnxReader.read(file).weights(), Map.of());
        } else {
            throw new InvalidInputException(file + ": weights must be .safetensors, .npz, .pth/.pt or .onnx");
        }
        Map<String, FloatArray> weights = weights(file.toString(), tensors, spec);
        check(file.toString(), weights, spec);
        return weights;
    }

    /** The floating-point tensors without BatchNorm's counters; any other integer tensor is refused by name. */
    private static Map<String, FloatArray> weights(String source, StateDict tensors, CompiledSpec spec) {
        for (Map.Entry<String, LongArray> t : tensors.integers().entrySet()) {
            String name = t.getKey();
            if (spec.parameters.containsKey(name)) {
                throw new InvalidInputException(source + ": tensor '" + name + "' holds integers; model "
                        + spec.spec.name() + " expects floating-point values");
            }
            if (!isBatchNormCounter(name, spec)) {
                throw unexpected(source, name, Arrays.toString(t.getValue().shape()), spec);
            }
        }
        Map<String, FloatArray> weights = new LinkedHashMap<>(tensors.floats());
        weights.keySet().removeIf(name -> isBatchNormCounter(name, spec));
        return weights;
    }

    private static boolean isBatchNormCounter(String name, CompiledSpec spec) {
        String suffix = ".num_batches_tracked";
        return name.endsWith(suffix)
                && spec.parameters.containsKey(name.substring(0, name.length() - suffix.length()) + ".running_mean");
    }

    /** How many misfits one refusal names; the rest are counted. */
    static final int MISFITS_NAMED = 5;

    /**
     * Every expected tensor present with its shape and finite values, and nothing else. All the tensors that are
     * missing, misshaped or unexpected are named at once (the first {@value #MISFITS_NAMED}, then how many more), so
     * that one look at the refusal says how far the file is from the model; values are checked once names and shapes
     * fit.
     */
    static void check(String source, Map<String, FloatArray> tensors, CompiledSpec spec) {
        List<String> misfits = new ArrayList<>();
        for (Map.Entry<String, long[]> expected : spec.parameters.entrySet()) {
            FloatArray t = tensors.get(expected.getKey());
            if (t == null) {
                misfits.add("missing tensor '" + expected.getKey() + "' " + Arrays.toString(expected.getValue()));
            } else if (!Arrays.equals(t.shape(), expected.getValue())) {
                misfits.add("tensor '" + expected.getKey() + "' has shape " + t.shapeText() + ", model "
                        + spec.spec.name() + " expects " + Arrays.toString(expected.getValue()));
            }
        }
        List<String> extra = tensors.keySet().stream().filter(name -> !spec.parameters.containsKey(name)).toList();
        if (misfits.isEmpty() && extra.size() == 1) {
            throw unexpected(source, extra.get(0), tensors.get(extra.get(0)).shapeText(), spec);
        }
        extra.forEach(name -> misfits.add("unexpected tensor '" + name + "' " + tensors.get(name).shapeText()));
        if (misfits.size() == 1) {
            throw new InvalidInputException(source + ": " + misfits.get(0)
                    + (misfits.get(0).startsWith("missing") ? " of model " + spec.spec.name() : ""));
        }
        if (!misfits.isEmpty()) {
            int more = misfits.size() - MISFITS_NAMED;
            throw new InvalidInputException(source + ": " + misfits.size() + " tensors do not fit model "
                    + spec.spec.name() + ": " + String.join("; ", misfits.subList(0, Math.min(MISFITS_NAMED,
                            misfits.size()))) + (more > 0 ? "; and " + more + " more" : ""));
        }
        for (Map.Entry<String, FloatArray> t : tensors.entrySet()) {
            float[] d = t.getValue().data();
            for (int i = 0; i < d.length; i++) {
                if (!Float.isFinite(d[i])) {
                    throw new InvalidInputException(source + ": tensor '" + t.getKey() + "' holds " + d[i]
                            + " at index " + i);
                }
            }
        }
    }

    private static InvalidInputException unexpected(String source, String name, String shape, CompiledSpec spec) {
        return new InvalidInputException(source + ": unexpected tensor '" + name + "' " + shape + " (model "
                + spec.spec.name() + " has " + String.join(", ", spec.parameters.keySet()) + ")");
    }

    /**
     * He initialisation: weights from N(0, 2 / fan_in) with fan_in = C kh kw (conv) or in (linear), biases
     * zero; batch normalisation the identity (weights of one axis and running variances one, the rest zero). Each
     * tensor draws from its own {@code java.util.Random(seed + index)}, the same on every backend.
     */
    static Map<String, FloatArray> he(CompiledSpec spec, long seed) {
        return gaussian(spec, seed, 0);
    }

    /** The paper's initialisation: weights from N(0, 0.01^2), biases zero. */
    static Map<String, FloatArray> paper(CompiledSpec spec, long seed) {
        return gaussian(spec, seed, 0.01);
    }

    /** Gaussian weights with standard deviation {@code fixedStd}, or He's sqrt(2 / fan_in) when it is 0. */
    private static Map<String, FloatArray> gaussian(CompiledSpec spec, long seed, double fixedStd) {
        Map<String, FloatArray> tensors = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, long[]> p : spec.parameters.entrySet()) {
            long[] shape = p.getValue();
            float[] data = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
            if (shape.length == 1 && (p.getKey().endsWith(".weight") || p.getKey().endsWith(".running_var"))) {
                Arrays.fill(data, 1f);
            } else if (p.getKey().endsWith(".weight")) {
                long fanIn = data.length / shape[0];
                double std = fixedStd > 0 ? fixedStd : Math.sqrt(2.0 / fanIn);
                Random random = new Random(seed + index);
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) (random.nextGaussian() * std);
                }
            }
            tensors.put(p.getKey(), new FloatArray(shape, data));
            index++;
        }
        return tensors;
    }

    static Map<String, INDArray> toArrays(Map<String, FloatArray> tensors) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        tensors.forEach((name, t) -> arrays.put(name, HostArrays.floats(t.data(), t.shape())));
        return arrays;
    }

    static Map<String, FloatArray> fromArrays(Map<String, INDArray> arrays) {
        Map<String, FloatArray> tensors = new LinkedHashMap<>();
        arrays.forEach((name, a) -> tensors.put(name, new FloatArray(a.shape(), HostArrays.floats(a))));
        return tensors;
    }
}

package org.zfnet.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.TrainingListener;
import org.zfnet.api.model.TrainingRequest;
import org.zfnet.formats.AtomicFiles;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.SafeTensors;

/**
 * What training leaves in its output folder: {@code spec.json}; {@code checkpoint-epoch-N.safetensors} (weights,
 * loadable with {@code --weights}); {@code last.safetensors} and {@code last.state.safetensors} (momentum and
 * schedule) after every epoch, to resume from; {@code model.safetensors} at the end; {@code training.json} with
 * every epoch's figures. All written atomically.
 */
final class TrainingFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String STATE_SUFFIX = ".state.safetensors";

    /** Optimiser state saved beside a checkpoint. */
    record State(Map<String, INDArray> momentum, double rate, double best, int flat) {
    }

    private final Path dir;
    private final ModelSpec spec;

    TrainingFiles(Path dir, ModelSpec spec) {
        this.dir = dir;
        this.spec = spec;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create output folder " + dir + ": " + e.getMessage());
        }
    }

    void writeSpec() {
        SpecJson.write(spec, dir.resolve("spec.json"));
    }

    Path writeCheckpoint(GraphNetwork network, int epoch) {
        return writeWeights(network, dir.resolve(String.format(Locale.ROOT, "checkpoint-epoch-%d.safetensors", epoch)), epoch);
    }

    Path writeModel(GraphNetwork network, int epoch) {
        return writeWeights(network, dir.resolve("model.safetensors"), epoch);
    }

    void writeLast(GraphNetwork network, Sgd sgd, LearningRateSchedule schedule, int epoch) {
        Path last = writeWeights(network, dir.resolve("last.safetensors"), epoch);
        Map<String, FloatArray> momentum = new LinkedHashMap<>();
        Weights.fromArrays(sgd.velocity()).forEach((name, v) -> momentum.put("momentum." + name, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", Integer.toString(epoch));
        meta.put("rate", Double.toString(schedule.rate()));
        meta.put("best", Double.toString(schedule.best()));
        meta.put("flat", Integer.toString(schedule.flat()));
        SafeTensors.write(statePath(last), momentum, meta);
    }

    private Path writeWeights(GraphNetwork network, Path file, int epoch) {
        SafeTensors.write(file, Weights.fromArrays(network.parameters()),
                Map.of("model", spec.name(), "epoch", Integer.toString(epoch), "format", "pt"));
        return file;
    }

    /** The epoch a checkpoint was written after, from its metadata. */
    static int epochOf(Path checkpoint) {
        String epoch = SafeTensors.read(checkpoint).metadata().get("epoch");
        if (epoch == null) {
            throw new InvalidInputException(checkpoint + " does not say after which epoch it was written; "
                    + "resume from a checkpoint written by 'zfnet train'");
        }
        return Integer.parseInt(epoch);
    }

    /** The optimiser state beside a checkpoint, or null when there is none (momentum then starts at zero). */
    static State readState(Path checkpoint, CompiledSpec compiled) {
        Path file = statePath(checkpoint);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, INDArray> momentum = new LinkedHashMap<>();
        for (String name : compiled.parameters.keySet()) {
            FloatArray v = contents.tensors().get("momentum." + name);
            if (v == null) {
                throw new InvalidInputException(file + ": missing tensor 'momentum." + name + "'");
            }
            momentum.put(name, HostArrays.floats(v.data(), v.shape()));
        }
        Map<String, String> meta = contents.metadata();
        return new State(momentum, Double.parseDouble(meta.get("rate")), Double.parseDouble(meta.get("best")),
                Integer.parseInt(meta.get("flat")));
    }

    private static Path statePath(Path weights) {
        String name = weights.getFileName().toString().replaceFirst("\\.safetensors$", "");
        return weights.resolveSibling(name + STATE_SUFFIX);
    }

    void writeHistory(TrainingRequest request, List<TrainingListener.Epoch> epochs, double wallSeconds) {
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("model", spec.name());
        log.put("command", request.command());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("train", request.trainDir().toString());
        settings.put("val", request.valDir().toString());
        settings.put("epochs", request.epochs());
        settings.put("batch", request.batchSize());
        settings.put("learningRate", request.learningRate());
        settings.put("momentum", request.momentum());
        settings.put("weightDecay", request.weightDecay());
        settings.put("schedule", request.schedule());
        settings.put("init", request.init());
        settings.put("renormRadius", request.renormRadius());
        settings.put("seed", request.seed());
        log.put("settings", settings);
        log.put("wallSeconds", Math.round(wallSeconds * 10) / 10.0);
        log.put("epochs", epochs);
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(log) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        AtomicFiles.write(dir.resolve("training.json"), out -> out.write(bytes));
    }

    /** The epochs logged before {@code startEpoch} by an earlier run in this folder. */
    List<TrainingListener.Epoch> readHistory(int startEpoch) {
        Path file = dir.resolve("training.json");
        List<TrainingListener.Epoch> epochs = new ArrayList<>();
        if (startEpoch <= 1 || !Files.isRegularFile(file)) {
            return epochs;
        }
        try {
            for (JsonNode e : JSON.readTree(file.toFile()).path("epochs")) {
                TrainingListener.Epoch epoch = JSON.treeToValue(e, TrainingListener.Epoch.class);
                if (epoch.epoch() < startEpoch) {
                    epochs.add(epoch);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read the earlier training log: " + e.getMessage());
        }
        return epochs;
    }
}

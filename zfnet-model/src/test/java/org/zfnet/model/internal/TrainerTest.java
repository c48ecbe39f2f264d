package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.NetworkTrainer;
import org.zfnet.api.model.TrainingListener;
import org.zfnet.api.model.TrainingRequest;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.data.ProceduralDataset;
import org.zfnet.formats.SafeTensors;

/** The trainer end to end on a tiny procedural dataset: files, checkpoints, resuming. */
class TrainerTest {

    private static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    @TempDir
    Path dir;

    private static ModelSpec sixClasses() {
        ModelSpec t = TestSpecs.tiny();
        return new ModelSpec("tiny6", "", t.input(), t.preprocessing(), List.of(),
                BuiltInSpecs.zfnetLayers(new int[] {6, 8, 8, 8, 8}, 16, 6));
    }

    private TrainingRequest request(int epochs, Path resume) {
        return new TrainingRequest(sixClasses(), dir.resolve("data/train"), dir.resolve("data/val"), dir.resolve("run"),
                epochs, 8, 0.01, 0.9, 0.0005, "step:2", "he", 0.1, List.of(1), resume, 3, "test");
    }

    @Test
    void writesCheckpointsAndResumesWhereItStopped() throws Exception {
        ProceduralDataset.generate(dir.resolve("data/train"), 4, 72, 1, n -> { });
        ProceduralDataset.generate(dir.resolve("data/val"), 2, 72, 2, n -> { });
        List<TrainingListener.Step> steps = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void step(Step step) {
                steps.add(step);
            }

            @Override
            public void epoch(Epoch epoch) {
            }
        };
        Trainer trainer = new Trainer();
        NetworkTrainer.Report first = trainer.train(request(2, null), listener, CPU);
        assertEquals(2, first.epochs().size());
        assertEquals(6, steps.size(), "24 images in batches of 8, two epochs");
        Path run = dir.resolve("run");
        for (String f : List.of("spec.json", "checkpoint-epoch-1.safetensors", "last.safetensors",
                "last.state.safetensors", "model.safetensors", "training.json")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        assertEquals("2", SafeTensors.read(run.resolve("last.safetensors")).metadata().get("epoch"));
        ModelSpec saved = new Networks().readSpec(run.resolve("spec.json"));
        assertEquals(ProceduralDataset.CLASSES, saved.labels(), "the spec carries the dataset's class names");
        new Networks().load(saved, run.resolve("checkpoint-epoch-1.safetensors"), CPU);

        steps.clear();
        NetworkTrainer.Report resumed = trainer.train(request(3, run.resolve("last.safetensors")), listener, CPU);
        assertTrue(steps.stream().allMatch(s -> s.epoch() == 3), "only epoch 3 runs after resuming from epoch 2");
        assertEquals(3, resumed.epochs().size(), "the log keeps the first run's epochs");
        assertEquals(0.001, steps.get(0).learningRate(), 1e-12, "step:2 divided the rate after epoch 2");
        JsonNode log = new ObjectMapper().readTree(run.resolve("training.json").toFile());
        assertEquals(3, log.get("epochs").size());
        assertEquals("test", log.get("command").asText());
    }
}

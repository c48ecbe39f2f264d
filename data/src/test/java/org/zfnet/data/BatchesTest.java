package org.zfnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;

class BatchesTest {

    @TempDir
    Path dir;

    private static ModelSpec spec(int size, int resize) {
        return new ModelSpec("t", "", List.of(3, size, size), new Preprocessing(resize, List.of(0.5, 0.5, 0.5),
                List.of(0.5, 0.5, 0.5)), List.of(), List.of());
    }

    @Test
    void evaluationBatchesAreCentreCropsInOrderAndTrainingBatchesAreShuffledCrops() {
        ProceduralDataset.generate(dir, 4, 40, 2, n -> { });
        Batches batches = new Batches(ImageFolder.scan(dir), spec(32, 40));
        assertEquals(24, batches.size());
        Iterator<Batches.Batch> eval = batches.epoch(10, 0, false);
        Batches.Batch first = eval.next();
        assertEquals(10, first.size());
        assertEquals(10 * 3 * 32 * 32, first.data().length);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2}, first.labels());
        eval.next();
        assertEquals(4, eval.next().size(), "the last batch holds the rest");
        assertTrue(!eval.hasNext());
        // centre crop of the first image equals the preprocessing path's result
        float[] alone = Images.preprocess(dir.resolve("boat/boat_00000.png"), spec(32, 40)).data();
        assertArrayEquals(alone, java.util.Arrays.copyOf(first.data(), alone.length));

        List<Integer> labels = new ArrayList<>();
        batches.epoch(24, 9, true).next();
        for (int l : batches.epoch(24, 9, true).next().labels()) {
            labels.add(l);
        }
        assertNotEquals(List.of(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5), labels);
        assertArrayEquals(batches.epoch(24, 9, true).next().data(), batches.epoch(24, 9, true).next().data(),
                "the same seed gives the same crops and flips");
    }

    @Test
    void folderProblemsAreReportedByName() throws Exception {
        assertTrue(assertThrows(InvalidInputException.class, () -> ImageFolder.scan(dir.resolve("none")))
                .getMessage().endsWith("does not exist"));
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        assertTrue(assertThrows(InvalidInputException.class, () -> ImageFolder.scan(dir)).getMessage()
                .endsWith("has no .png or .jpg images"));
    }
}

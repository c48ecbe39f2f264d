package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.DemoRun;

class DemoInputsTest {

    private static final DemoRun FILTERS = DemoRun.of("filters", "c", DemoRun.NONE);
    private static final DemoRun TOP9 = DemoRun.of("top-9", "c", DemoRun.ALL);
    private static final DemoRun OCCLUSION = DemoRun.of("occlusion", "c", DemoRun.ONE_PER_CLASS);
    private static final DemoRun FACES = DemoRun.of("correspondence", "c", "face");

    @Test
    void ownImagesReplaceTheSamplesAndRunsOfOneSampleClassCannotRun(@TempDir Path dir) throws Exception {
        Path photos = Files.createDirectory(dir.resolve("photos"));
        List<Path> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            images.add(Files.writeString(photos.resolve("p" + i + ".png"), "not decoded until a batch is loaded"));
        }
        DemoInputs own = DemoInputs.own(List.of(photos));
        assertTrue(own.isOwn());
        assertEquals(8, own.size());
        assertEquals(List.of(), own.of(FILTERS));
        assertEquals(List.of(photos), own.of(TOP9), "every image: the folder as given, as the command shows it");
        assertEquals(images.subList(0, DemoInputs.SINGLE), own.of(OCCLUSION));
        assertEquals(Optional.empty(), own.unavailable(OCCLUSION));
        assertTrue(own.unavailable(FACES).orElseThrow().startsWith("it needs the procedural sample images of class "
                + "'face' with their object and part annotations"));
        assertThrows(IllegalStateException.class, () -> own.of(FACES));
    }

    @Test
    void theSamplesServeEveryRun() {
        Path val = Path.of("samples", "val");
        DemoInputs samples = DemoInputs.samples(val);
        assertEquals(List.of(val), samples.of(TOP9));
        assertEquals(6, samples.of(OCCLUSION).size());
        assertEquals(val.resolve("face").resolve("face_00000.png"), samples.of(OCCLUSION).get(2));
        assertEquals(List.of(val.resolve("face")), samples.of(FACES));
        assertEquals(Optional.empty(), samples.unavailable(FACES));
        assertThrows(InvalidInputException.class, () -> samples.of(DemoRun.of("t", "c", "zebra")));
    }

    @Test
    void aMissingInputIsRefusedBeforeAnyWork(@TempDir Path dir) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DemoInputs.own(List.of(dir.resolve("nothing"))));
        assertEquals("input " + dir.resolve("nothing") + ": no such file or folder", e.getMessage());
    }
}

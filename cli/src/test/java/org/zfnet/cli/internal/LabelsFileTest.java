package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.api.InvalidInputException;

/** {@code --labels FILE}: one class name a line, as many as the model has outputs. */
class LabelsFileTest {

    @TempDir
    Path dir;

    @Test
    void namesAreTheLinesWithoutSurroundingWhitespaceOrBlankLines() throws IOException {
        Path file = Files.writeString(dir.resolve("classes.txt"), "cat\t\r\n  dog  \n\n great white shark\n\n");
        assertEquals(List.of("cat", "dog", "great white shark"), LabelsFile.read(file, 3, "m"));
    }

    @Test
    void aCountOtherThanTheOutputsAMissingFileAndBinaryAreRefusedWithOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("two.txt"), "cat\ndog\n");
        assertEquals("--labels " + file + ": 2 class names for model resnet18's 1000 outputs (one name a line)",
                assertThrows(InvalidInputException.class, () -> LabelsFile.read(file, 1000, "resnet18")).getMessage());
        Path missing = dir.resolve("missing.txt");
        assertEquals("--labels " + missing + ": no such file",
                assertThrows(InvalidInputException.class, () -> LabelsFile.read(missing, 2, "m")).getMessage());
        Path binary = Files.write(dir.resolve("b.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 'a'});
        assertEquals("--labels " + binary + ": not UTF-8 text",
                assertThrows(InvalidInputException.class, () -> LabelsFile.read(binary, 1, "m")).getMessage());
        assertEquals("--labels " + dir + ": is a folder, not a file",
                assertThrows(InvalidInputException.class, () -> LabelsFile.read(dir, 1, "m")).getMessage());
    }
}

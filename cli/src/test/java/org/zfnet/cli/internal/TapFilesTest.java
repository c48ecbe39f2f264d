package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.api.InvalidInputException;

class TapFilesTest {

    @Test
    void tapsThatDoNotFitTheFreeSpaceAreRefusedWithBothFigures() {
        assertDoesNotThrow(() -> TapFiles.requireSpace(3_000_000_000L, 3_000_000_000L, 10_000), "exactly fits");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TapFiles.requireSpace(6_210_000_000L, 3_100_000_000L, 10_000));
        assertEquals("the taps of 10,000 input(s) need 6.21 GB and the file system of --out has 3.10 GB free; "
                + "choose fewer --taps or inputs, or another --out", e.getMessage());
    }

    @Test
    void eachTapHasAFileOfItsOwnNamedInTheReport(@TempDir Path dir) {
        try (Outputs outputs = new Outputs(dir.resolve("out"));
                TapFiles files = new TapFiles(outputs, List.of("/layer4/layer4.1/relu_1/Relu", "conv1", "conv1",
                        "layer4_layer4.1_relu_1_Relu", "/x/.."), 1)) {
            assertEquals(Map.of("layer4_layer4.1_relu_1_Relu-2.npy", "/layer4/layer4.1/relu_1/Relu", "conv1.npy", "conv1",
                    "layer4_layer4.1_relu_1_Relu.npy", "layer4_layer4.1_relu_1_Relu", "x_...npy", "/x/.."), files.files());
        }
    }
}

package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
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
}

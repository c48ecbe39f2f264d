package org.zfnet.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsNamedArraysInOrder() {
        Map<String, FloatArray> arrays = new LinkedHashMap<>();
        arrays.put("conv1.weight", new FloatArray(new long[] {2, 1, 2, 2}, new float[] {1, 2, 3, 4, 5, 6, 7, 8}));
        arrays.put("conv1.bias", new FloatArray(new long[] {2}, new float[] {-1, 1}));
        Path f = dir.resolve("w.npz");
        Npz.write(f, arrays);
        Map<String, FloatArray> back = Npz.readFloats(f);
        assertEquals(List.of("conv1.weight", "conv1.bias"), List.copyOf(back.keySet()));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, back.get("conv1.weight").data());
        assertArrayEquals(new long[] {2, 1, 2, 2}, back.get("conv1.weight").shape());
    }

    @Test
    void readsCompressedArchivesLikeSavezCompressed() throws IOException {
        Path f = dir.resolve("c.npz");
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(ZipOutputStream.DEFLATED);
            zip.putNextEntry(new ZipEntry("fc8.bias.npy"));
            Npy.write(zip, new FloatArray(new long[] {3}, new float[] {0.5f, 0.25f, 0.125f}));
            zip.closeEntry();
        }
        assertArrayEquals(new float[] {0.5f, 0.25f, 0.125f}, Npz.readFloats(f).get("fc8.bias").data());
    }

    @Test
    void refusesNonArraysAndNonZips() throws IOException {
        Path f = dir.resolve("x.npz");
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes());
            zip.closeEntry();
        }
        assertTrue(assertThrows(FormatException.class, () -> Npz.readFloats(f)).getMessage().contains("readme.txt"));
        Files.writeString(f, "plain text");
        assertTrue(assertThrows(FormatException.class, () -> Npz.readFloats(f)).getMessage().contains("zip"));
    }
}

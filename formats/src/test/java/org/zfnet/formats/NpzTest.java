package org.zfnet.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
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
    void readsWhatNumpysSavezAndSavezCompressedWrite() throws IOException {
        // numpy 2.4: np.savez(f, w=np.arange(6, dtype=np.float32).reshape(2, 3), b=np.array([0.5, -1], np.float32));
        // np.savez_compressed(f, w=..., h=np.array([1, 2], np.float16)). Both write zip64 local headers.
        Map<String, FloatArray> stored = Npz.readFloats(seed("valid-numpy-savez"), "savez.npz");
        assertEquals(List.of("w", "b"), List.copyOf(stored.keySet()));
        assertArrayEquals(new long[] {2, 3}, stored.get("w").shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, stored.get("w").data());
        assertArrayEquals(new float[] {0.5f, -1}, stored.get("b").data());
        Map<String, FloatArray> deflated = Npz.readFloats(seed("valid-numpy-savez-compressed"), "savez_compressed.npz");
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, deflated.get("w").data());
        assertArrayEquals(new float[] {1, 2}, deflated.get("h").data());
    }

    @Test
    void refusesEntriesWhoseHeadersClaimMoreThanTheArchiveHolds() throws IOException {
        FormatException e = assertThrows(FormatException.class,
                () -> Npz.readFloats(seed("stored-entry-claims-2gb"), "lying.npz"));
        assertTrue(e.getMessage().startsWith("lying.npz!fc8.bias.npy declares 2147483647 bytes"), e.getMessage());
        assertThrows(FormatException.class, () -> Npz.readFloats(seed("crash-48504d4e37f5778cb670b6a8c41d9e3032b23cb4"),
                "lying.npz"));
    }

    /** A file of the fuzz test's committed inputs. */
    private static byte[] seed(String name) throws IOException {
        try (InputStream in = NpzTest.class.getResourceAsStream("NpzFuzzTestInputs/read/" + name)) {
            return in.readAllBytes();
        }
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

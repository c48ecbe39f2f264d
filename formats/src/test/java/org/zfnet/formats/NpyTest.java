package org.zfnet.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    /**
     * What {@code np.save(f, np.array([1, 2], dtype=np.float32))} writes: the 58-character header dict,
     * padded with spaces and a newline so that magic, version, length and header fill 128 bytes.
     */
    private static byte[] numpyTwoFloats() {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(128 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.putFloat(1f).putFloat(2f);
        return b.array();
    }

    @Test
    void writesExactlyWhatNumpyWrites() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, new FloatArray(new long[] {2}, new float[] {1, 2}));
        assertArrayEquals(numpyTwoFloats(), out.toByteArray());
    }

    @Test
    void roundTripsFloatAndIntArrays() {
        float[] values = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 7;
        }
        Path f = dir.resolve("a.npy");
        Npy.write(f, new FloatArray(new long[] {2, 3, 4, 5}, values));
        FloatArray back = Npy.readFloat32(f);
        assertArrayEquals(new long[] {2, 3, 4, 5}, back.shape());
        assertArrayEquals(values, back.data());

        Path g = dir.resolve("i.npy");
        Npy.write(g, new IntArray(new long[] {3}, new int[] {7, -1, 42}));
        Npy.Array ints = Npy.read(g);
        assertEquals("<i4", ints.descr());
        assertEquals(42, ints.data().getInt(8));
    }

    @Test
    void convertsFloat64AndFloat16() throws IOException {
        Path f = dir.resolve("d.npy");
        Files.write(f, npy("<f8", "(2,)", ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(0.5).putDouble(-3).array()));
        assertArrayEquals(new float[] {0.5f, -3f}, Npy.read(f).toFloat("d").data());
        Path h = dir.resolve("h.npy");
        // float16: 1.0 = 0x3c00, -2.0 = 0xc000, 65504 = 0x7bff, smallest subnormal 2^-24 = 0x0001
        Files.write(h, npy("<f2", "(4,)", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x7bff).putShort((short) 1).array()));
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, Npy.read(h).toFloat("h").data());
    }

    @Test
    void refusesWhatItCannotUseWithTheReason() throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.write(f, npy("<f4", "(3,)", new byte[8]));
        assertTrue(assertThrows(FormatException.class, () -> Npy.read(f)).getMessage().contains("needs 12 bytes"));
        Files.write(f, npy("<f4", "(2,)", new byte[8]).clone());
        Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 20));
        assertThrows(FormatException.class, () -> Npy.read(f));
        Files.write(f, npy("<f8", "(1,)", new byte[8]));
        assertTrue(assertThrows(FormatException.class, () -> Npy.readFloat32(f)).getMessage().contains("expected float32"));
        Files.write(f, npy("|u1", "(1,)", new byte[1]));
        assertTrue(assertThrows(FormatException.class, () -> Npy.read(f)).getMessage().contains("unsupported dtype"));
        Files.write(f, "not numpy at all".getBytes(StandardCharsets.US_ASCII));
        assertTrue(assertThrows(FormatException.class, () -> Npy.read(f)).getMessage().contains("bad magic"));
        assertTrue(assertThrows(FormatException.class, () -> Npy.read(dir.resolve("missing.npy"))).getMessage()
                .contains("no such file"));
    }

    @Test
    void refusesFortranOrder() throws IOException {
        Path f = dir.resolve("f.npy");
        byte[] bytes = npy("<f4", "(1,)", new byte[4]);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("False", "True ");
        Files.write(f, text.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(FormatException.class, () -> Npy.read(f)).getMessage().contains("Fortran"));
    }

    static byte[] npy(String descr, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
        ByteBuffer b = ByteBuffer.allocate(10 + dict.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) dict.length());
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        b.put(data);
        return b.array();
    }

    @Test
    void appendedBatchesGiveTheSameFileAsOneWrite() throws IOException {
        float[] all = new float[5 * 2 * 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) Math.sin(i * 0.7) * 1e3f;
        }
        long[] shape = {5, 2, 3};
        Path whole = dir.resolve("whole.npy");
        Npy.write(whole, new FloatArray(shape, all));
        Path streamed = dir.resolve("streamed.npy");
        try (Npy.Appender out = Npy.appender(streamed, shape)) {
            assertTrue(Files.notExists(streamed), "nothing under the final name while writing");
            out.append(java.util.Arrays.copyOfRange(all, 0, 12));
            out.append(java.util.Arrays.copyOfRange(all, 12, 24));
            out.append(java.util.Arrays.copyOfRange(all, 24, 30));
            out.finish();
        }
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(streamed));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left");
        }
    }

    @Test
    void anAppenderClosedBeforeEveryValueIsWrittenLeavesNoFile() throws IOException {
        Path file = dir.resolve("cut.npy");
        try (Npy.Appender out = Npy.appender(file, new long[] {4, 2})) {
            out.append(new float[] {1, 2, 3, 4});
            IllegalStateException short_ = assertThrows(IllegalStateException.class, out::finish);
            assertTrue(short_.getMessage().endsWith("4 of 8 values written"), short_.getMessage());
            assertThrows(IllegalStateException.class, () -> out.append(new float[5]), "more values than the shape");
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "neither the file nor its temporary");
        }
    }
}

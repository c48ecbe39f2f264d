package org.zfnet.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsTensorsAndMetadata() {
        Map<String, FloatArray> t = new LinkedHashMap<>();
        t.put("fc6.weight", new FloatArray(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        t.put("fc6.bias", new FloatArray(new long[] {2}, new float[] {-0.5f, 0.5f}));
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, t, Map.of("format", "pt"));
        SafeTensors.Contents back = SafeTensors.read(f);
        assertEquals(List.of("fc6.weight", "fc6.bias"), List.copyOf(back.tensors().keySet()));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, back.tensors().get("fc6.weight").data());
        assertEquals("pt", back.metadata().get("format"));
    }

    @Test
    void readsBytesInMemoryAsItReadsTheFile() throws IOException {
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, Map.of("b", new FloatArray(new long[] {3}, new float[] {1, -2, 3})), Map.of("epoch", "4"));
        SafeTensors.Contents back = SafeTensors.read(Files.readAllBytes(f), "w");
        assertArrayEquals(new float[] {1, -2, 3}, back.tensors().get("b").data());
        assertEquals("4", back.metadata().get("epoch"));
        byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(f), (int) Files.size(f) - 1);
        assertTrue(assertThrows(FormatException.class, () -> SafeTensors.read(cut, "cut")).getMessage()
                .startsWith("cut: tensor 'b' has data_offsets [0, 12] outside"));
    }

    @Test
    void writesTheLayoutOfTheSpecification() throws IOException {
        Path f = dir.resolve("one.safetensors");
        SafeTensors.write(f, Map.of("a", new FloatArray(new long[] {1}, new float[] {2f})), Map.of());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(Files.readAllBytes(f), 8, (int) n, StandardCharsets.UTF_8).strip();
        assertEquals("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header);
        assertEquals(2f, b.getFloat(8 + (int) n));
    }

    @Test
    void decodesHalfAndBfloat16() throws IOException {
        // F16 1.0 = 0x3c00, -0.5 = 0xb800; BF16 1.0 = 0x3f80, 3.0 = 0x4040
        Path f = file("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]}}",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3c00).putShort((short) 0xb800)
                        .putShort((short) 0x3f80).putShort((short) 0x4040).array());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertArrayEquals(new float[] {1f, -0.5f}, c.tensors().get("h").data());
        assertArrayEquals(new float[] {1f, 3f}, c.tensors().get("b").data());
    }

    @Test
    void readsInt64TensorsApartFromTheFloats() throws IOException {
        // PyTorch users' files carry BatchNorm's num_batches_tracked as a scalar I64
        Path f = file("{\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"bn.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
                ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1234567890123L).putFloat(2f).array());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("bn.weight"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new long[] {1234567890123L}, c.integers().get("bn.num_batches_tracked").data());
        assertArrayEquals(new long[0], c.integers().get("bn.num_batches_tracked").shape());
    }

    @Test
    void refusesMalformedFilesWithTheReason() throws IOException {
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[4]), "outside");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "needs 12 bytes");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "overlap");
        assertRefused(file("{\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "dtype I32");
        assertRefused(file("{not json", new byte[0]), "not valid JSON");
        assertRefused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "not valid JSON");

        Path absurd = dir.resolve("absurd.safetensors");
        Files.write(absurd, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array());
        assertRefused(absurd, "does not fit");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[3]);
        assertRefused(tiny, "too short");

        // a header length that runs past the JSON into the tensor bytes
        byte[] json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes(StandardCharsets.UTF_8);
        Path overlong = dir.resolve("overlong.safetensors");
        Files.write(overlong, ByteBuffer.allocate(8 + json.length + 8).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length + 4).put(json).putFloat(1f).putFloat(2f).array());
        assertRefused(overlong, "not valid JSON");
    }

    private void assertRefused(Path f, String reason) {
        FormatException e = assertThrows(FormatException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private Path file(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path f = Files.createTempFile(dir, "t", ".safetensors");
        Files.write(f, b.array());
        return f;
    }
}

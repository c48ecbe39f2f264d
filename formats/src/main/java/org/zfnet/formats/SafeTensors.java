package org.zfnet.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length {@code N}, {@code N} bytes of JSON
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}),
 * then the tensors' bytes, offsets relative to the end of the header. Reads F32, F16 and BF16 into float32 and
 * I64 (counters such as BatchNorm's {@code num_batches_tracked}) apart; writes F32.
 */
public final class SafeTensors {

    /** Headers above this size are refused before anything is allocated. */
    static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // a header length that runs past the JSON into the tensor bytes is an error, not ignored bytes
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SafeTensors() {
    }

    /** A safetensors file's floating-point tensors as float32 and its I64 ones, in header order, and its metadata. */
    public record Contents(Map<String, FloatArray> tensors, Map<String, LongArray> integers,
                           Map<String, String> metadata) {
    }

    public static Contents read(Path file) {
        FileErrors.requireRegularFile(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel::read, channel.size(), file.toString());
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + FileErrors.reason(e, file), e);
        }
    }

    /**
     * Reads the safetensors file whose contents are {@code bytes}.
     *
     * @param source name for messages
     */
    public static Contents read(byte[] bytes, String source) {
        try {
            return read(PositionalReader.of(bytes), bytes.length, source);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
    }

    private record Entry(String name, String dtype, long[] shape, long begin, long end) {
    }

    private static Contents read(PositionalReader channel, long size, String source) throws IOException {
        if (size < 8) {
            throw new FormatException(source + ": too short for a safetensors file (" + size + " bytes)");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        PositionalReader.readFully(channel, lengthBytes, 0, source);
        long headerLength = lengthBytes.flip().getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
            throw new FormatException(source + ": header length " + Long.toUnsignedString(headerLength)
                    + " does not fit a file of " + size + " bytes");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        PositionalReader.readFully(channel, header, 8, source);
        JsonNode json;
        try {
            json = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new FormatException(source + ": header is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new FormatException(source + ": header is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        long dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            entries.add(entry(field.getKey(), field.getValue(), dataSize, source));
        }
        checkNoOverlap(entries, source);
        Map<String, FloatArray> tensors = new LinkedHashMap<>();
        Map<String, LongArray> integers = new LinkedHashMap<>();
        for (Entry e : entries) {
            ByteBuffer bytes = ByteBuffer.allocate((int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
            PositionalReader.readFully(channel, bytes, dataStart + e.begin, source);
            bytes.flip();
            if (e.dtype.equals("I64")) {
                long[] values = new long[(int) Shapes.count(e.shape)];
                bytes.asLongBuffer().get(values);
                integers.put(e.name, new LongArray(e.shape, values));
            } else {
                tensors.put(e.name, decode(e, bytes));
            }
        }
        return new Contents(tensors, integers, metadata);
    }

    private static Entry entry(String name, JsonNode node, long dataSize, String source) {
        String where = source + ": tensor '" + name + "'";
        if (!node.isObject() || !node.path("dtype").isTextual() || !node.path("shape").isArray()
                || !node.path("data_offsets").isArray() || node.path("data_offsets").size() != 2) {
            throw new FormatException(where + " needs dtype, shape and two data_offsets");
        }
        String dtype = node.get("dtype").asText();
        int itemSize = switch (dtype) {
            case "I64" -> 8;
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new FormatException(where + " has dtype " + dtype + "; F32, F16, BF16 and I64 are supported");
        };
        long[] shape = new long[node.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get("shape").get(i);
            if (!d.canConvertToLong() || d.asLong() < 0) {
                throw new FormatException(where + " has a bad shape " + node.get("shape"));
            }
            shape[i] = d.asLong();
        }
        JsonNode offsets = node.get("data_offsets");
        if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new FormatException(where + " has bad data_offsets " + offsets);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > dataSize) {
            throw new FormatException(where + " has data_offsets [" + begin + ", " + end + "] outside the "
                    + dataSize + " bytes of data");
        }
        long count = Shapes.checkedCount(source, "tensor '" + name + "'", shape);
        if (count * itemSize > Integer.MAX_VALUE - 8) {
            throw new FormatException(where + " has " + count * itemSize + " bytes, more than one array can hold");
        }
        if (count * itemSize != end - begin) {
            throw new FormatException(where + " of shape " + Arrays.toString(shape) + " and dtype " + dtype + " needs "
                    + count * itemSize + " bytes, its offsets span " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void checkNoOverlap(List<Entry> entries, String source) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry a = sorted.get(i - 1);
            Entry b = sorted.get(i);
            if (b.begin < a.end) {
                throw new FormatException(source + ": tensors '" + a.name + "' and '" + b.name + "' overlap");
            }
        }
    }

    private static FloatArray decode(Entry e, ByteBuffer bytes) {
        float[] out = new float[(int) Shapes.count(e.shape)];
        switch (e.dtype) {
            case "F32" -> bytes.asFloatBuffer().get(out);
            case "F16" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.half(bytes.getShort());
                }
            }
            default -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = HalfFloats.bfloat(bytes.getShort());
                }
            }
        }
        return new FloatArray(e.shape, out);
    }

    /** Writes float32 tensors in the given order, with optional string metadata. */
    public static void write(Path file, Map<String, FloatArray> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, FloatArray> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long bytes = 4L * e.getValue().data().length;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        AtomicFiles.write(file, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(length.array());
            out.write(json);
            out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (FloatArray a : tensors.values()) {
                float[] data = a.data();
                for (int i = 0; i < data.length; ) {
                    chunk.clear();
                    int n = Math.min(data.length - i, chunk.capacity() / 4);
                    chunk.asFloatBuffer().put(data, i, n);
                    out.write(chunk.array(), 0, n * 4);
                    i += n;
                }
            }
        });
    }
}

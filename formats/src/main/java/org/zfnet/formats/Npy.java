package org.zfnet.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format, versions 1 to 3: magic {@code \x93NUMPY}, a version, a header length, a
 * Python-literal header {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} and the data
 * in C order. Reads little-endian float16/32/64 and int32/64; writes float32 and int32.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** A parsed array: its dtype as NumPy writes it ({@code <f4}), shape and raw little-endian data. */
    public record Array(String descr, long[] shape, ByteBuffer data) {

        public boolean isInteger() {
            return descr.equals("<i4") || descr.equals("<i8");
        }

        /** The values of an integer array as int64. */
        public LongArray toLong() {
            if (!isInteger()) {
                throw new IllegalStateException("dtype " + descr + " is not an integer type");
            }
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            long[] out = new long[b.remaining() / itemSize(descr)];
            for (int i = 0; i < out.length; i++) {
                out[i] = descr.equals("<i8") ? b.getLong() : b.getInt();
            }
            return new LongArray(shape, out);
        }

        /** The values as float32; float16/64 are converted, integers are refused. */
        public FloatArray toFloat(String source) {
            int n = data.remaining() / itemSize(descr);
            float[] out = new float[n];
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            switch (descr) {
                case "<f4" -> b.asFloatBuffer().get(out);
                case "<f8" -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) b.getDouble();
                    }
                }
                case "<f2" -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = HalfFloats.half(b.getShort());
                    }
                }
                default -> throw new FormatException(source + ": expected a floating-point array, got dtype " + descr);
            }
            return new FloatArray(shape, out);
        }
    }

    public static Array read(Path file) {
        FileErrors.requireRegularFile(file);
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new FormatException(file + ": " + size + " bytes are more than one .npy array can hold");
            }
            return read(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + FileErrors.reason(e, file), e);
        }
    }

    /**
     * Reads one array from the whole of {@code bytes} (a file's or a zip entry's contents); the array's
     * data is a view of {@code bytes}, not a copy.
     *
     * @param source name for messages
     */
    public static Array read(byte[] bytes, String source) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new FormatException(source + ": not a .npy file (bad magic)");
        }
        if (bytes.length < 10) {
            throw new FormatException(source + ": truncated .npy file");
        }
        in.position(MAGIC.length);
        int major = Byte.toUnsignedInt(in.get());
        in.get();
        long headerLength;
        int prefix;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(in.getShort());
            prefix = 10;
        } else if (major == 2 || major == 3) {
            if (in.remaining() < 4) {
                throw new FormatException(source + ": truncated .npy file");
            }
            headerLength = Integer.toUnsignedLong(in.getInt());
            prefix = 12;
        } else {
            throw new FormatException(source + ": unsupported .npy version " + major);
        }
        long size = bytes.length;
        if (headerLength > MAX_HEADER || prefix + headerLength > size) {
            throw new FormatException(source + ": header length " + headerLength + " does not fit the file");
        }
        String text = new String(bytes, prefix, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = field(DESCR, text, "descr", source);
        if (field(FORTRAN, text, "fortran_order", source).equals("True")) {
            throw new FormatException(source + ": Fortran-ordered arrays are not supported; save in C order");
        }
        long[] shape = shape(field(SHAPE, text, "shape", source), source);
        int itemSize = itemSize(descr);
        if (itemSize < 0) {
            throw new FormatException(source + ": unsupported dtype " + descr
                    + " (expected little-endian float16/32/64 or int32/64)");
        }
        long count = Shapes.checkedCount(source, "the array", shape);
        long dataBytes = count * itemSize;
        long dataStart = prefix + headerLength;
        if (dataBytes != size - dataStart) {
            throw new FormatException(source + ": shape " + java.util.Arrays.toString(shape) + " of " + descr
                    + " needs " + dataBytes + " bytes of data, the file has " + (size - dataStart));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) dataBytes).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        return new Array(descr, shape, data);
    }

    /** Reads a float32 array, refusing other dtypes (inputs used as is must be float32 already). */
    public static FloatArray readFloat32(Path file) {
        Array a = read(file);
        if (!a.descr().equals("<f4")) {
            throw new FormatException(file + ": expected float32 ('<f4'), got dtype " + a.descr());
        }
        return a.toFloat(file.toString());
    }

    public static void write(Path file, FloatArray array) {
        AtomicFiles.write(file, out -> write(out, array));
    }

    public static void write(Path file, IntArray array) {
        AtomicFiles.write(file, out -> write(out, array));
    }

    public static void write(OutputStream out, FloatArray array) throws IOException {
        header(out, "<f4", array.shape());
        floats(out, array.data(), 0, array.data().length);
    }

    public static void write(OutputStream out, IntArray array) throws IOException {
        header(out, "<i4", array.shape());
        ByteBuffer b = ByteBuffer.allocate(array.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(array.data());
        out.write(b.array());
    }

    /**
     * A float32 {@code .npy} of a known shape written piece by piece, e.g. batch after batch of a long run, so that
     * memory holds one piece: the header with the final shape, then the values in C order as they come. The file
     * appears under its name only when {@link Appender#finish()} finds every value written; closed before that, it
     * is removed (atomic like {@link #write(Path, FloatArray)}).
     */
    public static Appender appender(Path file, long[] shape) {
        long count = Shapes.count(shape);
        try {
            AtomicFiles.Staged staged = AtomicFiles.open(file);
            try {
                header(staged.out(), "<f4", shape);
            } catch (IOException | RuntimeException e) {
                staged.close();
                throw e;
            }
            return new Appender(file, staged, count);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** See {@link #appender}. */
    public static final class Appender implements AutoCloseable {

        private final Path file;
        private final AtomicFiles.Staged staged;
        private final long expected;
        private long written;

        private Appender(Path file, AtomicFiles.Staged staged, long expected) {
            this.file = file;
            this.staged = staged;
            this.expected = expected;
        }

        /** The next values in C order. */
        public void append(float[] data) {
            if (written + data.length > expected) {
                throw new IllegalStateException(file + ": " + (written + data.length) + " values for an array of "
                        + expected);
            }
            try {
                floats(staged.out(), data, 0, data.length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            written += data.length;
        }

        /** Moves the file into place once every value of the shape is written. */
        public void finish() {
            if (written != expected) {
                throw new IllegalStateException(file + ": " + written + " of " + expected + " values written");
            }
            try {
                staged.commit();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        /** Removes the file unless {@link #finish()} put it in place. */
        @Override
        public void close() {
            staged.close();
        }
    }

    /** Float values as little-endian bytes, through a small buffer (no copy of the whole array). */
    private static void floats(OutputStream out, float[] data, int from, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.min(length, 1 << 14) * 4).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer f = b.asFloatBuffer();
        for (int at = from, end = from + length; at < end; ) {
            int n = Math.min(end - at, f.capacity());
            f.clear();
            f.put(data, at, n);
            out.write(b.array(), 0, n * 4);
            at += n;
        }
    }

    /** Version 1.0 header, padded with spaces so that the data starts at a multiple of 64 bytes. */
    private static void header(OutputStream out, String descr, long[] shape) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + (shape.length == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
        String dict = String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, tuple);
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(MAGIC);
        h.write(1);
        h.write(0);
        int len = padded - 10;
        h.write(len & 0xff);
        h.write(len >>> 8);
        h.write(dict.getBytes(StandardCharsets.ISO_8859_1));
        h.write(" ".repeat(padded - total).getBytes(StandardCharsets.ISO_8859_1));
        h.write('\n');
        out.write(h.toByteArray());
    }

    static int itemSize(String descr) {
        return switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            case "<f2" -> 2;
            default -> -1;
        };
    }

    private static String field(Pattern p, String header, String name, String source) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new FormatException(source + ": .npy header has no '" + name + "'");
        }
        return m.group(1);
    }

    private static long[] shape(String tuple, String source) {
        List<Long> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String d = part.trim();
            if (d.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(d.endsWith("L") ? d.substring(0, d.length() - 1) : d);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new FormatException(source + ": bad shape (" + tuple + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }
}

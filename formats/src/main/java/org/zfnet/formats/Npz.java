package org.zfnet.formats;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz}: a zip of {@code <name>.npy} entries, stored or deflated ({@code np.savez[_compressed]}).
 * Entries are read in archive order from their local headers; the sizes an entry declares are only
 * believed as far as its bytes arrive.
 */
public final class Npz {

    /** {@code PK\3\4}, a local file header, or {@code PK\5\6}, the end record of an empty archive. */
    private static final byte[][] ZIP_MAGIC = {{'P', 'K', 3, 4}, {'P', 'K', 5, 6}};
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 8;

    private Npz() {
    }

    /** Every array of the archive as float32, by name (without {@code .npy}), in archive order. */
    public static Map<String, FloatArray> readFloats(Path file) {
        FileErrors.requireRegularFile(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.size(file), file.toString(), false).floats();
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + FileErrors.reason(e, file), e);
        }
    }

    /**
     * Every array of the archive whose contents are {@code bytes}, as {@link #readFloats(Path)}.
     *
     * @param source name for messages
     */
    public static Map<String, FloatArray> readFloats(byte[] bytes, String source) {
        try {
            return read(new ByteArrayInputStream(bytes), bytes.length, source, false).floats();
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
    }

    /** Weights: the floating-point arrays as float32, the integer ones (int32, int64) apart, in archive order. */
    public static StateDict readStateDict(Path file) {
        FileErrors.requireRegularFile(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.size(file), file.toString(), true);
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + FileErrors.reason(e, file), e);
        }
    }

    private static StateDict read(InputStream stream, long archiveSize, String source, boolean integersApart)
            throws IOException {
        BufferedInputStream in = new BufferedInputStream(stream);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (Arrays.stream(ZIP_MAGIC).noneMatch(m -> Arrays.equals(m, magic))) {
            throw new FormatException(source + ": not a valid .npz (zip) file: no zip header");
        }
        Map<String, FloatArray> arrays = new LinkedHashMap<>();
        Map<String, LongArray> integers = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = nextEntry(zip, source)) != null; ) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (!name.endsWith(".npy")) {
                    throw new FormatException(source + ": entry " + name + " is not a .npy array");
                }
                String where = source + "!" + name;
                Npy.Array array = Npy.read(entryBytes(zip, entry, archiveSize, where), where);
                String key = name.substring(0, name.length() - 4);
                boolean twice = integersApart && array.isInteger()
                        ? integers.put(key, array.toLong()) != null || arrays.containsKey(key)
                        : arrays.put(key, array.toFloat(where)) != null || integers.containsKey(key);
                if (twice) {
                    throw new FormatException(source + ": entry " + name + " appears twice");
                }
            }
        } catch (ZipException | EOFException e) {
            throw new FormatException(source + ": not a valid .npz (zip) file: " + e.getMessage());
        }
        return new StateDict(arrays, integers);
    }

    private static ZipEntry nextEntry(ZipInputStream zip, String source) throws IOException {
        try {
            return zip.getNextEntry();
        } catch (IllegalArgumentException e) { // how ZipInputStream reports a name that is not valid UTF-8
            throw new FormatException(source + ": not a valid .npz (zip) file: an entry name is not valid UTF-8");
        }
    }

    /**
     * An entry's bytes. The sizes in its header are claims: the first allocation is at most the compressed
     * size, if the archive can hold that, and it grows with the bytes that arrive, up to the declared size.
     * Entries written with a data descriptor declare no size up front; theirs is checked by the zip stream
     * at the entry's end.
     */
    private static byte[] entryBytes(ZipInputStream zip, ZipEntry entry, long archiveSize, String where)
            throws IOException {
        long declared = entry.getSize();
        if (declared > MAX_ENTRY) {
            throw new FormatException(where + " declares " + declared + " bytes, more than one array can hold");
        }
        long limit = declared < 0 ? MAX_ENTRY : declared;
        long compressed = entry.getCompressedSize() <= archiveSize ? entry.getCompressedSize() : 0;
        byte[] bytes = new byte[(int) Math.min(limit, Math.max(compressed, 1 << 16))];
        int n = 0;
        while (true) {
            if (n == bytes.length) {
                if (n == limit) {
                    if (zip.read() >= 0) {
                        throw new FormatException(where + " holds more than " + limit + " bytes"
                                + (declared < 0 ? ", more than one array can hold" : ", the size it declares"));
                    }
                    break;
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(2L * n, 1 << 16)));
            }
            int read = zip.read(bytes, n, bytes.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        if (declared >= 0 && n != declared) {
            throw new FormatException(where + " declares " + declared + " bytes but holds " + n);
        }
        return n == bytes.length ? bytes : Arrays.copyOf(bytes, n);
    }

    /** Writes float32 arrays as an uncompressed archive, like {@code np.savez}. */
    public static void write(Path file, Map<String, FloatArray> arrays) {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, FloatArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                Npy.write(zip, e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

}

package org.zfnet.formats;

import java.io.IOException;
import java.io.InputStream;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** NumPy's {@code .npz}: a zip of {@code <name>.npy} entries, stored or deflated ({@code np.savez[_compressed]}). */
public final class Npz {

    private Npz() {
    }

    /** Every array of the archive as float32, by name (without {@code .npy}), in archive order. */
    public static Map<String, FloatArray> readFloats(Path file) {
        Map<String, FloatArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (!name.endsWith(".npy")) {
                    throw new FormatException(file + ": entry " + name + " is not a .npy array");
                }
                long size = entry.getSize();
                if (size < 0) {
                    throw new FormatException(file + ": entry " + name + " does not declare its size");
                }
                String source = file + "!" + name;
                try (InputStream in = zip.getInputStream(entry)) {
                    Npy.Array array = Npy.read(in, source, size);
                    if (arrays.put(name.substring(0, name.length() - 4), array.toFloat(source)) != null) {
                        throw new FormatException(file + ": entry " + name + " appears twice");
                    }
                }
            }
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new FormatException(file + ": no such file");
        } catch (ZipException e) {
            throw new FormatException(file + ": not a valid .npz (zip) file: " + e.getMessage());
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        return arrays;
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

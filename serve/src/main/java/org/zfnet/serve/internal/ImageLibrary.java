package org.zfnet.serve.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.data.Images;

/**
 * The images a server offers, each under an id the server assigned: {@code s0, s1, …} the procedural samples,
 * {@code f0, f1, …} the files of {@code --images}, {@code u0, u1, …} uploads. A client names images by id only: no
 * path it sends is ever opened. Every image goes through the one preprocessing path ({@link Images}); uploads are
 * decoded by its reader (with its checks of damaged files and odd shapes) after the server's own limits, and kept
 * preprocessed in memory for the explorer and as a file in the scratch folder for analysis runs, the oldest dropped
 * (file and all) past {@link #MAX_UPLOADS}.
 */
final class ImageLibrary {

    /** Uploads kept; the oldest is dropped when another arrives. */
    static final int MAX_UPLOADS = 32;
    /** The largest upload in bytes. */
    static final int MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
    /** The largest upload in pixels, as its header states them, checked before it is decoded. */
    static final long MAX_UPLOAD_PIXELS = 40_000_000L;

    private static final Pattern ID = Pattern.compile("[sfu][0-9]{1,9}");

    /**
     * One image.
     *
     * @param id   what the client names it by
     * @param name a name to show: the file name, or the upload's given name
     * @param kind {@code sample}, {@code file} or {@code upload}
     */
    record Entry(String id, String name, String kind) {
    }

    private final ModelSpec spec;
    private final List<Path> samples;
    private final List<Path> files;
    private final Path scratch;
    private final Map<String, Upload> uploads = new LinkedHashMap<>();
    private int nextUpload;

    /** An upload: its decoded input, and its file, which analysis runs read (removed with the upload). */
    private record Upload(Entry entry, float[] input, Path file) {
    }

    /**
     * @param scratch a folder of the server's own where the uploads kept are written, as runs read them from files
     */
    ImageLibrary(ModelSpec spec, List<Path> samples, List<Path> files, Path scratch) {
        this.spec = spec;
        this.samples = List.copyOf(samples);
        this.files = List.copyOf(files);
        this.scratch = scratch;
    }

    synchronized List<Entry> list() {
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            all.add(new Entry("s" + i, samples.get(i).getFileName().toString(), "sample"));
        }
        for (int i = 0; i < files.size(); i++) {
            all.add(new Entry("f" + i, files.get(i).getFileName().toString(), "file"));
        }
        uploads.values().forEach(u -> all.add(u.entry()));
        return all;
    }

    /** The image as the network's input {@code [1, C, H, W]}; the caller closes it. */
    INDArray input(String id) {
        float[] data = preprocessed(id);
        List<Integer> in = spec.input();
        return HostArrays.floats(data, 1, in.get(0), in.get(1), in.get(2));
    }

    /**
     * The file of an image, which an analysis run reads as {@code zfnet analyze --input} would: a sample, an {@code
     * --images} image, or an upload's copy in the scratch folder (there while the upload is kept).
     */
    Path file(String id) {
        Path file = fileOrNull(id);
        if (file != null) {
            return file;
        }
        synchronized (this) {
            Upload upload = uploads.get(id);
            if (upload == null) {
                throw unknown(id);
            }
            return upload.file();
        }
    }

    /** The file of a sample or an {@code --images} image; null for an upload. */
    private Path fileOrNull(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new HttpError(HttpError.BAD_REQUEST, "image ids are s<N>, f<N> or u<N> as /api/images lists them, not '"
                    + shorten(id) + "'");
        }
        int index = Integer.parseInt(id.substring(1));
        List<Path> from = id.charAt(0) == 's' ? samples : id.charAt(0) == 'f' ? files : null;
        if (from == null) {
            return null;
        }
        if (index >= from.size()) {
            throw unknown(id);
        }
        return from.get(index);
    }

    private float[] preprocessed(String id) {
        Path file = fileOrNull(id);
        if (file != null) {
            return Images.preprocess(file, spec).data();
        }
        synchronized (this) {
            Upload upload = uploads.get(id);
            if (upload == null) {
                throw unknown(id);
            }
            return upload.input();
        }
    }

    /** Decodes and keeps an upload; refuses it in one line when it is too large or not a PNG or JPEG. */
    Entry upload(byte[] bytes, String name) {
        String shown = name == null || name.isBlank() ? "upload" : shorten(name.replaceAll("[^A-Za-z0-9._ -]", "_"));
        String format = requireSmall(bytes, shown);
        float[] input;
        Path file = null;
        boolean kept = false;
        try {
            file = Files.createTempFile(scratch, "upload-", format.equals("png") ? ".png" : ".jpg");
            Files.write(file, bytes);
            BufferedImage image = Images.decode(file);
            input = Images.preprocess(image, spec, shown).data();
            synchronized (this) {
                Entry entry = new Entry("u" + nextUpload++, shown, "upload");
                uploads.put(entry.id(), new Upload(entry, input, file));
                kept = true;
                if (uploads.size() > MAX_UPLOADS) {
                    Iterator<Upload> oldest = uploads.values().iterator();
                    delete(oldest.next().file());
                    oldest.remove();
                }
                return entry;
            }
        } catch (InvalidInputException e) {
            // the reader names its scratch file; the client knows the image by the name it gave
            throw new HttpError(HttpError.BAD_REQUEST, e.getMessage().replace(String.valueOf(file), shown));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep an upload in " + scratch + ": " + e.getMessage(), e);
        } finally {
            if (!kept) {
                delete(file);
            }
        }
    }

    /**
     * Removes an upload's file; one a run still reads is its to finish (an analysis reads its inputs when it starts
     * a batch, and a run's input that is gone is refused in one line).
     */
    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the server's scratch folder goes with the container
            }
        }
    }

    /**
     * Refuses, before decoding, an upload of more than {@link #MAX_UPLOAD_PIXELS} or that no reader recognises; its
     * format ({@code png}, or {@code jpeg} for the other kind zfnet reads), by the reader that recognised it.
     */
    private static String requireSmall(byte[] bytes, String name) {
        if (bytes.length > MAX_UPLOAD_BYTES) {
            throw new HttpError(HttpError.TOO_LARGE, name + ": " + bytes.length + " bytes is more than an upload may "
                    + "have (" + MAX_UPLOAD_BYTES + ")");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new HttpError(HttpError.BAD_REQUEST, name + ": not a readable image (PNG or JPEG expected)");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
                if (!format.equals("png") && !format.equals("jpeg") && !format.equals("jpg")) {
                    throw new HttpError(HttpError.BAD_REQUEST, name + ": a " + format + " image; PNG or JPEG expected");
                }
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_UPLOAD_PIXELS) {
                    throw new HttpError(HttpError.TOO_LARGE, name + ": " + reader.getWidth(0) + "x"
                            + reader.getHeight(0) + " pixels is more than an upload may have ("
                            + MAX_UPLOAD_PIXELS / 1_000_000 + " megapixels)");
                }
                return format;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new HttpError(HttpError.BAD_REQUEST, name + ": not a readable image (" + e.getMessage() + ")");
        }
    }

    private HttpError unknown(String id) {
        return new HttpError(HttpError.NOT_FOUND, "no image '" + id + "' (the server has " + samples.size()
                + " samples s0.., " + files.size() + " files f0.. and the uploads /api/images lists)");
    }

    /** At most 60 characters of what a client sent, for error lines. */
    static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() <= 60 ? one : one.substring(0, 57) + "...";
    }
}

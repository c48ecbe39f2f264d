package org.zfnet.formats;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The one PNG writer: encoded in memory, then written atomically. ImageIO's own file cache (a temporary file per
 * image) fails on a full disk with a {@code NullPointerException} from a background thread, so it is not used.
 */
public final class PngFiles {

    private PngFiles() {
    }

    public static void write(Path file, RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + " as PNG: " + e.getMessage(), e);
        }
        AtomicFiles.write(file, bytes::writeTo);
    }
}

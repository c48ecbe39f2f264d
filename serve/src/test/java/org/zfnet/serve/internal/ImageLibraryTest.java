package org.zfnet.serve.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.api.dto.ModelSpec;

/** The server's images: ids only, uploads within their limits, the oldest upload dropped past the cap. */
class ImageLibraryTest {

    private static final ModelSpec SPEC = new ModelSpec("tiny", "", List.of(3, 8, 8), null, List.of(), List.of());

    @TempDir
    Path scratch;

    private ImageLibrary library() throws Exception {
        Path file = scratch.resolve("a.png");
        ImageIO.write(new BufferedImage(10, 12, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        return new ImageLibrary(SPEC, List.of(), List.of(file), Files.createDirectories(scratch.resolve("uploads")));
    }

    private static byte[] png(int width, int height, int type) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, type), "png", out);
        return out.toByteArray();
    }

    @Test
    void imagesAreNamedByTheIdsTheServerGaveNeverByAPath() throws Exception {
        ImageLibrary images = library();
        assertEquals(List.of(new ImageLibrary.Entry("f0", "a.png", "file")), images.list());
        for (String bad : List.of("../a.png", "f0/../../x", "/etc/passwd", "f", "x0", "f-1", "f01234567890")) {
            HttpError e = assertThrows(HttpError.class, () -> images.input(bad), bad);
            assertEquals(400, e.status(), bad);
        }
        HttpError unknown = assertThrows(HttpError.class, () -> images.input("f1"));
        assertEquals(404, unknown.status());
        assertTrue(unknown.getMessage().startsWith("no image 'f1'"), unknown.getMessage());
    }

    @Test
    void uploadsBeyondTheLimitsOrNotImagesAreRefusedBeforeDecoding() throws Exception {
        ImageLibrary images = library();
        HttpError text = assertThrows(HttpError.class, () -> images.upload("hello\n".getBytes(), "notes.png"));
        assertEquals(400, text.status());
        assertEquals("notes.png: not a readable image (PNG or JPEG expected)", text.getMessage());
        HttpError bytes = assertThrows(HttpError.class,
                () -> images.upload(new byte[ImageLibrary.MAX_UPLOAD_BYTES + 1], "big.png"));
        assertEquals(413, bytes.status());
        HttpError pixels = assertThrows(HttpError.class,
                () -> images.upload(png(8000, 6000, BufferedImage.TYPE_BYTE_BINARY), "wide.png"));
        assertEquals(413, pixels.status());
        assertTrue(pixels.getMessage().startsWith("wide.png: 8000x6000 pixels is more than"), pixels.getMessage());
        HttpError damaged = assertThrows(HttpError.class, () -> {
            byte[] whole = png(64, 64, BufferedImage.TYPE_INT_RGB);
            images.upload(java.util.Arrays.copyOf(whole, whole.length / 2), "cut.png");
        });
        assertEquals(400, damaged.status());
        assertTrue(damaged.getMessage().startsWith("cut.png: "), "names the upload, not the scratch file: "
                + damaged.getMessage());
        assertEquals(1, images.list().size(), "nothing refused was kept");
        try (var left = Files.list(scratch.resolve("uploads"))) {
            assertEquals(0, left.count(), "the reader's scratch files are removed");
        }
    }

    @Test
    void theOldestUploadIsDroppedPastTheCap() throws Exception {
        ImageLibrary images = library();
        byte[] small = png(9, 9, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i <= ImageLibrary.MAX_UPLOADS; i++) {
            assertEquals("u" + i, images.upload(small, "n" + i + ".png").id());
        }
        List<ImageLibrary.Entry> all = images.list();
        assertEquals(1 + ImageLibrary.MAX_UPLOADS, all.size());
        assertEquals("u1", all.get(1).id(), "u0 was dropped");
        assertEquals(404, assertThrows(HttpError.class, () -> images.input("u0")).status());
        assertEquals(404, assertThrows(HttpError.class, () -> images.file("u0")).status());
        try (var kept = Files.list(scratch.resolve("uploads"))) {
            assertEquals(ImageLibrary.MAX_UPLOADS, kept.count(), "a file for each upload kept, none for the dropped one");
        }
        Path last = images.file("u" + ImageLibrary.MAX_UPLOADS);
        assertTrue(last.getFileName().toString().endsWith(".png"), last.toString());
        assertArrayEquals(small, Files.readAllBytes(last), "runs read the upload as it was sent");
    }
}

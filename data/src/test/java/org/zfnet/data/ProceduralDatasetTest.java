package org.zfnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProceduralDatasetTest {

    @TempDir
    Path dir;

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void theSameSeedRendersTheSameImageAndAnotherSeedAnotherOne() {
        ProceduralDataset.Rendered a = ProceduralDataset.render(2, 7, 3, 128, "f.png");
        ProceduralDataset.Rendered b = ProceduralDataset.render(2, 7, 3, 128, "f.png");
        ProceduralDataset.Rendered c = ProceduralDataset.render(2, 8, 3, 128, "f.png");
        assertArrayEquals(pixels(a.image()), pixels(b.image()));
        assertEquals(a.annotation(), b.annotation());
        assertNotEquals(a.annotation().object(), c.annotation().object());
    }

    @Test
    void annotationsMapToInputPixelsAsTheImageIsResizedAndCropped() {
        // an image scaled by 2 and cropped from (3, 4): a box at (1, 2) of 3x4 lies at (2 - 3, 4 - 4) of 6x8
        Annotation a = new Annotation("face/f.png", "face", 2, List.of(1.0, 2.0, 3.0, 4.0),
                Map.of("nose", List.of(2.0, 3.0, 1.0, 0.5)));
        org.zfnet.api.dto.ObjectAnnotation input = a.inInput(new Images.Placement(2, 3, 4));
        assertEquals("face", input.className());
        assertEquals(List.of(-1.0, 0.0, 6.0, 8.0), input.object());
        assertEquals(Map.of("nose", List.of(1.0, 2.0, 2.0, 1.0)), input.parts());
    }

    @Test
    void classesAreInTheOrderOfTheirFolders() {
        assertEquals(List.of("boat", "car", "face", "flower", "house", "tree"), ProceduralDataset.CLASSES);
    }

    @Test
    void everyClassAnnotatesItsPartsInsideTheObjectInsideTheImage() {
        Map<String, Set<String>> expectedParts = Map.of(
                "face", Set.of("left_eye", "right_eye", "nose", "mouth"),
                "car", Set.of("window", "front_wheel", "rear_wheel", "headlight"),
                "house", Set.of("roof", "door", "left_window", "right_window"),
                "boat", Set.of("hull", "sail", "flag"),
                "tree", Set.of("trunk", "crown"),
                "flower", Set.of("stem", "leaf", "petals", "center"));
        for (int label = 0; label < ProceduralDataset.CLASSES.size(); label++) {
            for (int index = 0; index < 20; index++) {
                Annotation a = ProceduralDataset.render(label, 1, index, 128, "x.png").annotation();
                assertEquals(expectedParts.get(a.className()), a.parts().keySet(), a.className());
                double[] o = Annotation.box(a.object());
                assertTrue(o[0] >= 0 && o[1] >= 0 && o[0] + o[2] <= 128 && o[1] + o[3] <= 128, a.toString());
                assertTrue(Math.max(o[2], o[3]) > 128 * 0.4, "objects are big: " + a);
                for (List<Double> part : a.parts().values()) {
                    double[] p = Annotation.box(part);
                    assertTrue(p[0] >= o[0] - 0.11 && p[1] >= o[1] - 0.11 && p[0] + p[2] <= o[0] + o[2] + 0.11
                            && p[1] + p[3] <= o[1] + o[3] + 0.11, a.className() + " part outside the object: " + a);
                }
            }
        }
    }

    @Test
    void eyesAreWhereTheAnnotationSaysTheyAre() {
        // the eye's box centre shows the white of the eye or the iris, not skin: both are far from skin tones
        for (int index = 0; index < 10; index++) {
            ProceduralDataset.Rendered r = ProceduralDataset.render(ProceduralDataset.CLASSES.indexOf("face"), 3, index,
                    128, "f.png");
            double[] eye = Annotation.box(r.annotation().parts().get("left_eye"));
            int rgb = r.image().getRGB((int) (eye[0] + eye[2] / 2), (int) (eye[1] + eye[3] / 2));
            int red = (rgb >> 16) & 0xff;
            int blue = rgb & 0xff;
            assertTrue(blue > 0.6 * red || red < 90, "the centre of the left eye is iris or white, got "
                    + Integer.toHexString(rgb));
        }
    }

    @Test
    void generateWritesClassFoldersAndAnnotations() {
        AnnotationSet set = ProceduralDataset.generate(dir, 3, 64, 5, n -> { });
        ImageFolder folder = ImageFolder.scan(dir);
        assertEquals(ProceduralDataset.CLASSES, folder.classes());
        assertEquals(18, folder.samples().size());
        assertEquals(set, AnnotationSet.read(dir));
        Annotation a = set.find("boat/boat_00002.png");
        assertEquals(0, a.label(), "labels follow the sorted class folders");
        assertEquals(64, Images.decode(dir.resolve(a.file())).getWidth());
    }
}

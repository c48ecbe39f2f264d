package org.zfnet.api.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void onnxNodeNamesBecomeReadableFileNames() {
        assertEquals("layer4_layer4.1_relu_1_Relu", FileNames.safe("/layer4/layer4.1/relu_1/Relu"));
        assertEquals("features_features.0_Conv", FileNames.safe("/features/features.0/Conv"));
        assertEquals("model_conv2d_BiasAdd_0", FileNames.safe("model/conv2d/BiasAdd:0"));
    }

    @Test
    void namesOfSafeCharactersStayAsTheyAre() {
        for (String name : List.of("conv5", "layer4.1.relu_1", "conv5-top9", "fc7_weights", "B-2.x")) {
            assertEquals(name, FileNames.safe(name));
        }
    }

    @Test
    void nothingLeavesTheFolderOrHides() {
        assertEquals("_.", FileNames.safe(".."));
        assertEquals("_", FileNames.safe("."));
        assertEquals("_", FileNames.safe(""));
        assertEquals("_", FileNames.safe("///"));
        assertEquals("_._etc_passwd", FileNames.safe("../etc/passwd"));
        assertEquals("_hidden", FileNames.safe(".hidden"));
        assertEquals("a_b_c_d", FileNames.safe("a\\b\0c\nd"));
        assertEquals("_", FileNames.safe("é"), "non-ASCII letters are replaced: a file name's bytes stay one per character");
        for (String name : List.of("..", ".", "", "/", "/..", "a/../../b", "C:\\x", "~", "-", "\u202e")) {
            String file = FileNames.safe(name);
            assertTrue(file.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*"), name + " -> " + file);
        }
    }

    @Test
    void veryLongNamesAreShortenedAndStayDistinct() {
        String a = "/block".repeat(100) + "/Relu";
        String b = "/block".repeat(100) + "/Conv";
        String fa = FileNames.safe(a);
        assertEquals(FileNames.LONGEST, fa.length());
        assertTrue(fa.startsWith("block_block_block"), fa);
        assertNotEquals(fa, FileNames.safe(b), "the hash of the whole name tells names with a common start apart");
        assertEquals(fa, FileNames.safe(a), "the same name gives the same file every time");
        assertEquals("x".repeat(FileNames.LONGEST), FileNames.safe("x".repeat(FileNames.LONGEST)));
    }

    @Test
    void twoNamesNeverShareAFile() {
        Map<String, String> files = FileNames.unique(List.of("/a/b", "a_b", "a:b", "A_B", "conv1", "conv1"));
        assertEquals(List.of("/a/b", "a_b", "a:b", "A_B", "conv1"), List.copyOf(files.keySet()), "in the order given");
        assertEquals("a_b", files.get("a_b"), "a name that is already safe keeps it");
        assertEquals("conv1", files.get("conv1"));
        Set<String> folded = new HashSet<>();
        files.values().forEach(f -> assertTrue(folded.add(f.toLowerCase(Locale.ROOT)), "distinct ignoring case: " + files));
        assertEquals("a_b-2", files.get("/a/b"));
        assertEquals("a_b-3", files.get("a:b"));
        assertEquals("A_B-4", files.get("A_B"), "differs from a_b only in case");
    }

    @Test
    void aSuffixSkipsNamesTakenByOthers() {
        Map<String, String> files = FileNames.unique(List.of("x/y", "x_y", "x_y-2"));
        assertEquals("x_y-3", files.get("x/y"));
        assertEquals("x_y-2", files.get("x_y-2"));
    }
}

package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultFilesTest {

    @Test
    void resultNamesHoldingOnnxTapsBecomeFilesInTheFolder() {
        ResultFiles files = ResultFiles.of(List.of("top_values", "/layer4/layer4.1/Relu_weights"),
                List.of("/layer4/layer4.1/Relu-top9", "input-0"), List.of("table.html", "../escape.csv"));
        assertEquals(Map.of("top_values", "top_values.npy", "/layer4/layer4.1/Relu_weights",
                "layer4_layer4.1_Relu_weights.npy"), files.arrays());
        assertEquals("layer4_layer4.1_Relu-top9.png", files.figures().get("/layer4/layer4.1/Relu-top9"));
        assertEquals("input-0.png", files.figures().get("input-0"));
        assertEquals(Map.of("table.html", "table.html", "../escape.csv", "_._escape.csv"), files.texts());
    }

    @Test
    void twoTapsOfOneFileNameGetTwoFilesAndTheReportSaysWhich() {
        ResultFiles files = ResultFiles.of(List.of("a/b", "a_b"), List.of("a/b", "a_b"), List.of());
        assertEquals(Map.of("a_b.npy", "a_b", "a_b-2.npy", "a/b", "a_b.png", "a_b", "a_b-2.png", "a/b"), files.byFile());
    }
}

package org.zfnet.plugin.correspondence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

class CorrespondenceTest {

    @Test
    void deltaIsTheMeanSignDisagreementOverOrderedPairsByHand() {
        // signs: a = (+, -, 0, +), b = (+, +, 0, -), c = (-, -, 0, +)
        // H(a,b) = 2/4, H(a,c) = 1/4, H(b,c) = 3/4; mean over the six ordered pairs = (0.5 + 0.25 + 0.75) * 2 / 6
        float[] a = {2f, -1f, 0f, 0.5f};
        float[] b = {1f, 3f, 0f, -2f};
        float[] c = {-4f, -0.1f, 0f, 7f};
        assertEquals(0.5, CorrespondenceAnalysis.hamming(a, b), 1e-12);
        assertEquals(0.25, CorrespondenceAnalysis.hamming(a, c), 1e-12);
        assertEquals(0.75, CorrespondenceAnalysis.hamming(b, c), 1e-12);
        assertEquals(0.5, CorrespondenceAnalysis.delta(List.of(a, b, c)), 1e-12);
        assertEquals(0.0, CorrespondenceAnalysis.delta(List.of(a, a.clone())), 1e-12, "identical changes agree fully");
        assertThrows(InvalidInputException.class, () -> CorrespondenceAnalysis.delta(List.of(a)));
    }

    @Test
    void boxesAreParsedAndCheckedWithTheReason() {
        List<Box> boxes = Box.parse("1,2,3,4; 5,6,7,8", 2, 20, 20);
        assertEquals(new Box(5, 6, 7, 8), boxes.get(1));
        assertEquals(List.of(new Box(0, 0, 2, 2), new Box(3, 3, 2, 2)), Box.parse("0,0,2,2 3,3,2,2", 2, 5, 5));
        assertEquals("box 10,10,20,20 does not fit the 20x20 input",
                assertThrows(InvalidInputException.class, () -> Box.parse("10,10,20,20", 1, 20, 20)).getMessage());
        assertEquals("--boxes gives 1 boxes for 2 inputs; give one per input, in input order",
                assertThrows(InvalidInputException.class, () -> Box.parse("1,1,2,2", 2, 20, 20)).getMessage());
        assertEquals("a box is y,x,h,w (four whole numbers), got '1,1,2'",
                assertThrows(InvalidInputException.class, () -> Box.parse("1,1,2", 1, 20, 20)).getMessage());
        assertTrue(assertThrows(InvalidInputException.class, () -> Box.parse("1,1,0,3", 1, 20, 20)).getMessage()
                .contains("is empty"));
        assertEquals(new Box(2, 1, 4, 6), Box.ofAnnotation(List.of(1.4, 2.6, 5.2, 3.0), 20, 20), "rounded outwards");
    }

    @Test
    void theSameSeedGivesTheSameRandomBaselineAndAnotherSeedAnother() {
        ModelSpec spec = new ModelSpec("small", "", List.of(3, 31, 31), null, List.of(), List.of(
                LayerSpec.conv("conv1", 4, 5, 2, 1), LayerSpec.relu(), LayerSpec.maxpool("pool1", 3, 2, true),
                LayerSpec.linear("fc1", 6), LayerSpec.relu(), LayerSpec.linear("fc2", 3), LayerSpec.softmax("prob")));
        Network network = TestNetworks.random(spec, 1);
        InputSet inputs = TestInputs.random(spec, 4, 2);
        AnalysisResult one = run(network, inputs, "3");
        AnalysisResult same = run(network, inputs, "3");
        AnalysisResult other = run(network, inputs, "4");
        assertEquals(one.summary().get("random"), same.summary().get("random"));
        assertTrue(!one.summary().get("random").equals(other.summary().get("random")));
        assertEquals(one.summary().get("delta"), other.summary().get("delta"), "the part's own boxes do not depend on the seed");
        assertTrue(one.texts().get("table.md").startsWith("| part | Δ conv1 | random Δ conv1 |"), one.texts().get("table.md"));
    }

    private static AnalysisResult run(Network network, InputSet inputs, String seed) {
        CorrespondencePlugin plugin = new CorrespondencePlugin();
        return plugin.run(AnalysisRequest.checked(plugin, inputs, Map.of("boxes", "2,2,8,8 4,4,8,8 10,3,8,8 0,20,8,8",
                "layers", "conv1,fc1", "random", "5", "random-seed", seed)), TestContext.of(network));
    }
}

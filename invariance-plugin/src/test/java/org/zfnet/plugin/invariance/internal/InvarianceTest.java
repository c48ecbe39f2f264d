package org.zfnet.plugin.invariance.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestNetworks;

class InvarianceTest {

    @Test
    void translationMovesPixelsAndFillsFromOutside() {
        // 1 channel, 3x2: rows (1,2), (3,4), (5,6); shifted down by one row
        float[] image = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new float[] {9, 9, 1, 2, 3, 4}, Transform.TRANSLATE.apply(image, 1, 3, 2, 1, 9f), 1e-6f);
        assertArrayEquals(image, Transform.TRANSLATE.apply(image, 1, 3, 2, 0, 9f), 1e-6f);
    }

    @Test
    void rotationByAQuarterTurnAndIdentityScale() {
        // 3x3 with a single 1 right of the centre; a quarter turn (90 degrees) moves it below the centre
        float[] image = new float[9];
        image[5] = 1;
        float[] turned = Transform.ROTATE.apply(image, 1, 3, 3, 90, 0f);
        assertEquals(1f, turned[7], 1e-6f);
        assertEquals(0f, turned[5], 1e-6f);
        assertArrayEquals(image, Transform.SCALE.apply(image, 1, 3, 3, 1.0, 0f), 1e-6f);
        float[] zoomed = Transform.SCALE.apply(new float[] {1, 2, 3, 4}, 1, 2, 2, 2.0, 0f);
        // zooming by 2 about the centre (0.5, 0.5): output (0, 0) samples (0.25, 0.25), bilinearly
        // (1 * 0.75 + 2 * 0.25) * 0.75 + (3 * 0.75 + 4 * 0.25) * 0.25 = 1.75
        assertEquals(1.75f, zoomed[0], 1e-6f);
        assertThrows(InvalidInputException.class, () -> Transform.SCALE.apply(image, 1, 3, 3, 0, 0f));
    }

    @Test
    void rangesDefaultToThePapersAndAreParsed() {
        assertArrayEquals(new double[] {-28, 0, 28}, InvariancePlugin.values("", 3, Transform.TRANSLATE, 112), 1e-12);
        assertArrayEquals(new double[] {1, 1.4, 1.8}, InvariancePlugin.values("", 3, Transform.SCALE, 112), 1e-12);
        assertArrayEquals(new double[] {0, 175, 350}, InvariancePlugin.values("", 3, Transform.ROTATE, 112), 1e-12);
        assertArrayEquals(new double[] {-4, -2, 0}, InvariancePlugin.values("-4:0", 3, Transform.TRANSLATE, 112), 1e-12);
        assertThrows(InvalidInputException.class, () -> InvariancePlugin.values("left", 3, Transform.SCALE, 112));
        assertThrows(InvalidInputException.class, () -> InvariancePlugin.values("", 1, Transform.SCALE, 112));
    }

    @Test
    void distancesStartAtZeroForTheIdentityAndGrowWithTheShift() {
        ModelSpec spec = new ModelSpec("small", "", List.of(3, 31, 31), null, List.of(), List.of(
                LayerSpec.conv("conv1", 4, 5, 2, 1), LayerSpec.relu(), LayerSpec.maxpool("pool1", 3, 2, true),
                LayerSpec.linear("fc1", 6), LayerSpec.relu(), LayerSpec.linear("fc2", 3), LayerSpec.softmax("prob")));
        Network network = TestNetworks.random(spec, 1);
        // smooth images (a blob each), so that a larger shift changes the features more
        float[] blobs = new float[2 * 3 * 31 * 31];
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 31; y++) {
                    for (int x = 0; x < 31; x++) {
                        double dy = y - 12 - 4 * n;
                        double dx = x - 15;
                        blobs[((n * 3 + c) * 31 + y) * 31 + x] = (float) Math.exp(-(dy * dy + dx * dx) / 40.0);
                    }
                }
            }
        }
        InputSet inputs = InputSet.of(Nd4j.create(blobs, new long[] {2, 3, 31, 31}, 'c'), List.of("a", "b"));
        InvariancePlugin plugin = new InvariancePlugin();
        TestContext context = TestContext.of(network);
        AnalysisResult r = plugin.run(AnalysisRequest.checked(plugin, inputs,
                Map.of("range", "0:8", "steps", "5", "layers", "conv1,fc1")), context);
        assertTrue(context.progress().task("invariance").finished(), context.progress().tasks().toString());
        float[] d = r.arrays().get("normalised_distance").dup().data().asFloat();
        assertArrayEquals(new long[] {2, 2, 5}, r.arrays().get("distance").shape());
        assertEquals(0f, d[0], 1e-6f, "no shift, no change");
        assertTrue(d[4] > d[1], "8 pixels change conv1 more than 2: " + java.util.Arrays.toString(d));
        assertTrue(r.texts().get("translate.csv").startsWith("input,class,value,conv1_distance,conv1_normalised"));
        assertTrue(r.figures().containsKey("translate-conv1") && r.figures().containsKey("translate-probability"));
    }

    @Test
    void fewInputsArePlottedOneByOneManyAsTheMeanOfTheirClass() {
        float[][] two = {{0, 1}, {2, 3}};
        InputSet small = InputSet.of(Nd4j.zeros(2, 1, 1, 1), List.of("a.png", "b.png"));
        Map<String, double[]> lines = InvariancePlugin.lines(small, List.of("car", "face"), two);
        assertEquals(List.of("a.png (car)", "b.png (face)"), List.copyOf(lines.keySet()));
        assertArrayEquals(new double[] {2, 3}, lines.get("b.png (face)"));

        int n = InvariancePlugin.PLOTTED + 1;
        float[][] values = new float[n][];
        List<String> classes = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            values[i] = new float[] {i, 10 * i};
            classes.add(i < 3 ? "car" : "face");
            names.add("img" + i);
        }
        Map<String, double[]> means = InvariancePlugin.lines(InputSet.of(Nd4j.zeros(n, 1, 1, 1), names), classes, values);
        assertEquals(List.of("car (mean of 3)", "face (mean of 6)"), List.copyOf(means.keySet()));
        assertArrayEquals(new double[] {1, 10}, means.get("car (mean of 3)"), 1e-12);
        assertArrayEquals(new double[] {5.5, 55}, means.get("face (mean of 6)"), 1e-12);
    }
}

package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;

/** {@code --preprocess}: a starting point, fields over it, and one line for each mistake. */
class PreprocessOptionTest {

    private static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
    private static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

    private static ModelSpec model(int side, Preprocessing own) {
        return new ModelSpec("m", "", List.of(3, side, side), own, List.of(), List.of(LayerSpec.linear("fc", 2)));
    }

    private static final ModelSpec HALF = model(112, new Preprocessing(120, List.of(0.5, 0.5, 0.5),
            List.of(0.25, 0.25, 0.25)));

    @Test
    void imagenetIsTorchvisionsResizeCropAndStatisticsScaledToTheInput() {
        assertEquals(new Preprocessing(256, IMAGENET_MEAN, IMAGENET_STD),
                PreprocessOption.parse("imagenet", model(224, null)));
        assertEquals(new Preprocessing(128, IMAGENET_MEAN, IMAGENET_STD), PreprocessOption.parse("imagenet", HALF));
    }

    @Test
    void fieldsOverrideTheStartingPointAndTheRestComesFromTheModel() {
        assertEquals(new Preprocessing(240, IMAGENET_MEAN, IMAGENET_STD),
                PreprocessOption.parse("imagenet, resize=240", model(224, null)));
        assertEquals(new Preprocessing(150, List.of(0.1, 0.2, 0.3), List.of(0.25, 0.25, 0.25)),
                PreprocessOption.parse("resize=150,mean=0.1,0.2,0.3", HALF));
        assertEquals(new Preprocessing(120, List.of(0.5, 0.5, 0.5), List.of(2.0, 1.0, 0.5)),
                PreprocessOption.parse("model,std=2,1,0.5", HALF));
        assertEquals(new Preprocessing(120, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0)),
                PreprocessOption.parse("unit", HALF));
        assertEquals(new Preprocessing(112, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0)),
                PreprocessOption.parse("model", model(112, null)), "no preprocessing of its own: [0, 1] at input size");
    }

    @Test
    void mistakesAreRefusedWithOneLineSayingWhat() {
        String expected = " (expected " + PreprocessOption.HELP + ")";
        assertRefused("--preprocess 'caffe': 'caffe' is not model, imagenet, unit nor a field=value" + expected, "caffe");
        assertRefused("--preprocess 'resize=100': resize=100 is smaller than model m's 112x112 input (the centre crop)"
                + expected, "resize=100");
        assertRefused("--preprocess 'resize=1.5': resize takes a whole number, got '1.5'" + expected, "resize=1.5");
        assertRefused("--preprocess 'mean=0.5,0.5': mean takes 3 numbers (R,G,B), got 2: 0.5,0.5" + expected,
                "mean=0.5,0.5");
        assertRefused("--preprocess 'std=1,0,1': std takes positive numbers, got 0" + expected, "std=1,0,1");
        assertRefused("--preprocess 'mean=1,x,1': mean takes numbers, got 'x'" + expected, "mean=1,x,1");
        assertRefused("--preprocess 'mean=1,NaN,1': mean takes finite numbers, got NaN" + expected, "mean=1,NaN,1");
        assertRefused("--preprocess 'crop=100': unknown field 'crop' (expected resize, mean, std)" + expected, "crop=100");
        assertRefused("--preprocess 'resize=130,resize=140': 'resize' is given twice" + expected,
                "resize=130,resize=140");
        assertRefused("--preprocess 'unit,imagenet': 'imagenet' comes before any field=value" + expected,
                "unit,imagenet");
        assertRefused("--preprocess ' ': it is empty" + expected, " ");
    }

    private static void assertRefused(String message, String text) {
        assertEquals(message, assertThrows(InvalidInputException.class, () -> PreprocessOption.parse(text, HALF))
                .getMessage());
    }
}

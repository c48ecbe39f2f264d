package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;

/** Specs that cannot work are refused with the layer and the numbers. */
class SpecValidationTest {

    @TempDir
    Path dir;

    private static String refusal(ModelSpec spec) {
        return assertThrows(InvalidInputException.class, () -> CompiledSpec.of(spec)).getMessage();
    }

    private static ModelSpec withLayers(List<LayerSpec> layers) {
        ModelSpec t = TestSpecs.tiny();
        return new ModelSpec(t.name(), t.description(), t.input(), t.preprocessing(), t.labels(), layers);
    }

    private static List<LayerSpec> tinyLayers() {
        return new ArrayList<>(TestSpecs.tiny().layers());
    }

    @Test
    void kernelLargerThanItsInputNamesLayerAndSizes() {
        List<LayerSpec> layers = tinyLayers();
        layers.set(8, LayerSpec.conv("conv3", 24, 9, 1, 1));
        assertEquals("layer 8 'conv3' (conv): kernel 9 does not fit input 3 with padding 1", refusal(withLayers(layers)));
    }

    @Test
    void sizesWhoseCountsOverflowAreRefused() {
        ModelSpec huge = new ModelSpec("huge", null, List.of(1, Integer.MAX_VALUE, Integer.MAX_VALUE), null, null,
                List.of(LayerSpec.conv("c1", 2, 3, 1, 0)));
        assertEquals("layer 0 'c1' (conv): the multiply-add count overflows (2 x 2147483645 x 2147483645 x 1 x 3 x 3)",
                refusal(huge));
        ModelSpec padded = new ModelSpec("padded", null, List.of(1, 8, 8), null, null,
                List.of(LayerSpec.conv("c1", 2, 3, 1, Integer.MAX_VALUE)));
        assertEquals("layer 0 'c1' (conv): input 8 with padding 2147483647 is too large", refusal(padded));
    }

    @Test
    void fieldThatDoesNotApplyIsRefused() {
        List<LayerSpec> layers = tinyLayers();
        layers.set(1, new LayerSpec("relu", null, null, 3, null, null, null, null, null, null, null, null));
        assertEquals("layer 1 (relu): 'kernel' does not apply to relu", refusal(withLayers(layers)));
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        List<LayerSpec> layers = tinyLayers();
        layers.set(2, new LayerSpec("fractionalpool", "pool1", null, 3, 2, null, null, null, null, null, null, null));
        assertEquals("layer 2 'pool1' (fractionalpool): unknown layer type 'fractionalpool' (expected "
                + String.join(", ", org.zfnet.model.internal.layers.LayerTypes.names()) + ")", refusal(withLayers(layers)));
    }

    @Test
    void softmaxOnFeatureMapsIsRefused() {
        List<LayerSpec> layers = new ArrayList<>(tinyLayers().subList(0, 3));
        layers.add(LayerSpec.softmax("prob"));
        assertEquals("layer 3 'prob' (softmax): softmax needs features [K], got [6, 15, 15]; put a linear layer "
                + "before it", refusal(withLayers(layers)));
    }

    @Test
    void convolutionAfterTheClassifierIsRefused() {
        List<LayerSpec> layers = tinyLayers();
        layers.add(LayerSpec.conv("conv6", 4, 3, 1, 1));
        assertEquals("layer 23 'conv6' (conv): needs a [C, H, W] input, got features [10]", refusal(withLayers(layers)));
    }

    @Test
    void duplicateNamesAreRefused() {
        List<LayerSpec> layers = tinyLayers();
        layers.set(4, LayerSpec.conv("conv1", 16, 5, 2, 0));
        assertEquals("layer 4 'conv1' (conv): the name 'conv1' is used twice", refusal(withLayers(layers)));
    }

    @Test
    void unknownJsonFieldIsRefusedWithItsPlace() throws Exception {
        String json = SpecJson.write(TestSpecs.tiny()).replaceFirst("\"kernel\"", "\"kernal\"");
        Path file = dir.resolve("spec.json");
        Files.writeString(file, json);
        String message = assertThrows(InvalidInputException.class, () -> SpecJson.read(file)).getMessage();
        assertEquals(file + ": unknown field 'kernal' in layers[0]", message.substring(0, message.indexOf(" (known")));
    }

    @Test
    void unknownTopLevelFieldIsPlacedAtTheTopLevel() {
        String message = assertThrows(InvalidInputException.class, () -> SpecJson.read("{\"\": 1}", "s.json")).getMessage();
        assertEquals("s.json: unknown field '' in the top level", message.substring(0, message.indexOf(" (known")));
    }

    @Test
    void malformedJsonIsRefused() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"name\": \"x\", \"layers\": [");
        String message = assertThrows(InvalidInputException.class, () -> SpecJson.read(file)).getMessage();
        assertEquals(true, message.startsWith(file + ": "), message);
    }

    @Test
    void specsRoundTripThroughJson() {
        Path file = dir.resolve("zfnet.json");
        ModelSpec spec = BuiltInSpecs.zfnet(1000, List.of());
        SpecJson.write(spec, file);
        assertEquals(spec, SpecJson.read(file));
    }
}

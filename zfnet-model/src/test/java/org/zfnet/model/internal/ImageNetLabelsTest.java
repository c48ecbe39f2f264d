package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.api.dto.ModelSpec;

/** The ImageNet class names name the classes of a model with 1000 outputs and none of its own, read from a file too. */
class ImageNetLabelsTest {

    @Test
    void theThousandNamesAreTorchvisionsInClassOrder() {
        List<String> names = ImageNetLabels.names();
        assertEquals(1000, names.size());
        assertEquals("tench", names.get(0));
        assertEquals("goldfish", names.get(1));
        assertEquals("toilet tissue", names.get(999));
        assertEquals(1000, names.stream().distinct().count());
    }

    @Test
    void aSpecFileOfAThousandOutputsWithoutLabelsGetsTheImageNetNames(@TempDir Path dir) {
        Path file = dir.resolve("zfnet.json");
        SpecJson.write(BuiltInSpecs.zfnet(1000, List.of()), file);
        ModelSpec read = new Networks().readSpec(file);
        assertEquals("tench", read.label(0));
        assertEquals(ImageNetLabels.names(), read.labels());
    }

    @Test
    void ownLabelsAndOtherClassCountsAreLeftAlone() {
        ModelSpec ten = TestSpecs.tiny();
        assertSame(ten, ImageNetLabels.orOwn(ten));
        assertEquals("class 3", ImageNetLabels.orOwn(ten).label(3));
        List<String> own = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "mine " + i).toList();
        ModelSpec labelled = BuiltInSpecs.zfnet(1000, own);
        assertSame(labelled, ImageNetLabels.orOwn(labelled));
    }
}

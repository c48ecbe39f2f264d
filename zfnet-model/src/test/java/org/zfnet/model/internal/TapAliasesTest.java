package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Module paths from torch's '/'-scoped node names, as tap aliases. */
class TapAliasesTest {

    @Test
    void aScopeThatStartsWithThePathReplacesItAndAnyOtherIsAChild() {
        assertEquals(Optional.of("layer4.1.relu_1"), TapAliases.modulePath("/layer4/layer4.1/relu_1/Relu"));
        assertEquals(Optional.of("features.0"), TapAliases.modulePath("/features/features.0/Conv"));
        assertEquals(Optional.of("conv1"), TapAliases.modulePath("/conv1/Conv"));
        assertEquals(Optional.empty(), TapAliases.modulePath("/Flatten"));
        assertEquals(Optional.empty(), TapAliases.modulePath("Conv_0"));
    }

    @Test
    void aScopeNamedBelowAnEnclosingModuleExtendsThatModule() {
        // torchvision MobileNetV2: features.1 is an InvertedResidual, its conv a Sequential of Sequentials
        assertEquals(Optional.of("features.1.conv.0.0"),
                TapAliases.modulePath("/features/features.1/conv/conv.0/conv.0.0/Conv"));
        assertEquals(Optional.of("features.0.0"), TapAliases.modulePath("/features/features.0/features.0.0/Conv"));
    }

    @Test
    void eachEnclosingModuleNamesItsLastTapAndRealNamesWin() {
        Map<String, String> aliases = TapAliases.of(List.of("/layer4/layer4.1/conv2/Conv", "/layer4/layer4.1/Add",
                "/layer4/layer4.1/relu_1/Relu", "fc", "/fc/Gemm"));
        assertEquals("/layer4/layer4.1/relu_1/Relu", aliases.get("layer4.1"));
        assertEquals("/layer4/layer4.1/relu_1/Relu", aliases.get("layer4"));
        assertEquals("/layer4/layer4.1/relu_1/Relu", aliases.get("layer4.1.relu_1"));
        assertEquals("/layer4/layer4.1/conv2/Conv", aliases.get("layer4.1.conv2"));
        assertEquals(null, aliases.get("fc")); // a real tap's name
        assertEquals(4, aliases.size());
    }
}

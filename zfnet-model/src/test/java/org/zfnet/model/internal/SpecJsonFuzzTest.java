package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;

/**
 * Arbitrary bytes as a model spec, parsed and compiled: the reader throws an {@link InvalidInputException}
 * with a message (any other exception escapes and is a finding), or the spec it accepts has positive extents
 * and non-negative parameter and multiply-add counts in every layer (so no count overflowed). Seeds in
 * {@code SpecJsonFuzzTestInputs/read}.
 */
class SpecJsonFuzzTest {

    /** The spec's vocabulary, so that mutations make layers and fields rather than mostly broken JSON. */
    @DictionaryEntries({"\"type\"", "\"name\"", "\"input\"", "\"layers\"", "\"labels\"", "\"preprocessing\"",
            "\"resize\"", "\"mean\"", "\"std\"", "\"conv\"", "\"relu\"", "\"maxpool\"", "\"lrn\"",
            "\"dropout\"", "\"linear\"", "\"softmax\"", "\"out\"", "\"kernel\"", "\"stride\"", "\"pad\"",
            "\"ceil\"", "\"size\"", "\"alpha\"", "\"beta\"", "\"k\"", "\"p\"", "2147483647", "-1", "null",
            "true", "1e308"})
    @FuzzTest
    void read(byte[] input) {
        ModelSpec spec;
        try {
            spec = SpecJson.read(new String(input, StandardCharsets.UTF_8), "fuzz.json");
        } catch (InvalidInputException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an InvalidInputException without a message");
            return;
        }
        for (LayerSummary layer : CompiledSpec.of(spec).summary) {
            assertTrue(layer.outputShape().stream().allMatch(d -> d >= 1), "layer " + layer.index() + " outputs "
                    + layer.outputShape());
            assertTrue(layer.parameters() >= 0 && layer.macs() >= 0, "layer " + layer.index() + " has "
                    + layer.parameters() + " parameters and " + layer.macs() + " multiply-adds");
        }
    }
}

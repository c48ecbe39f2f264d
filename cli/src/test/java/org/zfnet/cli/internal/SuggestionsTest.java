package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Did you mean": the closest known name for a typo, and nothing for a word that is not one. */
class SuggestionsTest {

    private static final List<String> COMMANDS = List.of("analyze", "backends", "dataset", "demo", "forward", "help",
            "model", "networks", "plugins", "serve", "train");

    @Test
    void swappedLettersCountAsOneEdit() {
        assertEquals(1, Suggestions.distance("modle", "model"));
        assertEquals(1, Suggestions.distance("--inptu", "--input"));
        assertEquals(1, Suggestions.distance("occlusoin", "occlusion"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(0, Suggestions.distance("", ""));
        assertEquals(4, Suggestions.distance("", "demo"));
    }

    @Test
    void typosOfCommandsPluginsAndOptionsFindWhatWasMeant() {
        assertEquals(Optional.of("model"), Suggestions.closest("modle", COMMANDS));
        assertEquals(Optional.of("analyze"), Suggestions.closest("anlyze", COMMANDS));
        assertEquals(Optional.of("occlusion"),
                Suggestions.closest("occlusoin", List.of("correspondence", "deconv", "invariance", "occlusion")));
        assertEquals(Optional.of("--input"), Suggestions.closest("--inptu", List.of("--out", "--input", "--taps")));
        assertEquals(Optional.of("--taps"), Suggestions.closest("--tapz", List.of("--out", "--input", "--taps")));
    }

    @Test
    void wordsFarFromEveryNameOrTooShortSuggestNothing() {
        assertEquals(Optional.empty(), Suggestions.closest("summary", COMMANDS));
        assertEquals(Optional.empty(), Suggestions.closest("--bogus", List.of("--out", "--input", "--taps")));
        assertEquals(Optional.empty(), Suggestions.closest("-x", List.of("-h", "--help")));
        assertEquals("", Suggestions.didYouMean("zzz", COMMANDS));
        assertEquals(" (did you mean 'demo'?)", Suggestions.didYouMean("dmeo", COMMANDS));
    }
}

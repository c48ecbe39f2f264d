package org.zfnet.api.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.Network;

/** Options are checked in one place, for every caller; cancellation is one call that throws one exception. */
class CheckedRequestTest {

    static final OptionSpec LAYER = OptionSpec.text("layer", "auto", "tap");
    static final OptionSpec CHANNEL = OptionSpec.integer("channel", -1, "channel").atLeast(-1);
    static final OptionSpec MODE = OptionSpec.choice("mode", "max", List.of("max", "map"), "mode");
    static final OptionSpec FILL = OptionSpec.decimal("fill", 0.0, "fill");
    static final OptionSpec FILE = OptionSpec.text("file", null, "a required file");

    /** A plugin declaring the options above that returns its request's options as its summary. */
    static final AnalysisPlugin PROJECTOR = new AnalysisPlugin() {
        @Override
        public String id() {
            return "projector";
        }

        @Override
        public String description() {
            return "Echoes its options.";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(LAYER, CHANNEL, MODE, FILL, FILE);
        }

        @Override
        public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
            AnalysisResult result = new AnalysisResult();
            request.options().forEach(result::summary);
            return result.summary("channel+1", request.intOption(CHANNEL) + 1);
        }
    };

    @Test
    void defaultsAreFilledInTheDeclaredOrderAndReadThroughTheDeclarations() {
        AnalysisRequest request = AnalysisRequest.checked(PROJECTOR, null, Map.of("mode", "map", "channel", "7"));
        assertEquals(List.of("layer", "channel", "mode", "fill"), List.copyOf(request.options().keySet()),
                "a required option without a value is left for the plugin to refuse when it reads it");
        assertEquals(7, request.intOption(CHANNEL));
        assertEquals("map", request.option(MODE));
        assertEquals(0.0, request.floatOption(FILL));
        assertEquals("missing option --file", assertThrows(InvalidInputException.class,
                () -> request.option(FILE)).getMessage());
    }

    @Test
    void everyBadValueIsOneLineNamingTheOption() {
        assertEquals("plugin projector has no option --colour", refused(Map.of("colour", "red")));
        assertEquals("--mode must be one of max, map, got 'min'", refused(Map.of("mode", "min")));
        assertEquals("--channel expects a whole number, got '2.5'", refused(Map.of("channel", "2.5")));
        assertEquals("--fill expects a number, got 'grey'", refused(Map.of("fill", "grey")));
        assertEquals("--fill must be a finite number, got NaN", refused(Map.of("fill", "NaN")));
        assertEquals("--channel must be at least -1, got -2", refused(Map.of("channel", "-2")));
        assertEquals("--fill must be at least 0.5, got 0.25", assertThrows(InvalidInputException.class,
                () -> FILL.atLeast(0.5).check("0.25")).getMessage());
    }

    private static String refused(Map<String, String> given) {
        return assertThrows(InvalidInputException.class, () -> AnalysisRequest.checked(PROJECTOR, null, given))
                .getMessage();
    }

    @Test
    void aPluginAsksAnotherThroughACheckedRequest() {
        AnalysisContext context = context(new AtomicBoolean());
        AnalysisResult result = context.run("projector", null, Map.of("layer", "conv3", "channel", "4")).orElseThrow();
        assertEquals("conv3", result.summary().get("layer"));
        assertEquals("max", result.summary().get("mode"), "the other plugin's defaults are filled in");
        assertEquals(5, result.summary().get("channel+1"));
        assertEquals(Optional.empty(), context.run("absent", null, Map.of("layer", "conv3")));
    }

    @Test
    void anOptionTheOtherPluginDoesNotDeclareFailsLoudlyNotSilently() {
        AnalysisContext context = context(new AtomicBoolean());
        ZfnetException e = assertThrows(ZfnetException.class, () -> context.run("projector", null,
                Map.of("layer", "conv3", "kanal", "4")));
        assertFalse(e instanceof InvalidInputException, "a caller's mistake, not the user's: " + e);
        assertEquals("a plugin's request to plugin projector does not fit its options: plugin projector has no option "
                + "--kanal", e.getMessage());
        ZfnetException badValue = assertThrows(ZfnetException.class, () -> context.run("projector", null,
                Map.of("mode", "maximum")));
        assertTrue(badValue.getMessage().endsWith("--mode must be one of max, map, got 'maximum'"), badValue.getMessage());
    }

    @Test
    void checkCancelledThrowsTheStandardExceptionOnlyOnceCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AnalysisContext context = context(cancelled);
        context.checkCancelled();
        cancelled.set(true);
        AnalysisCancelledException e = assertThrows(AnalysisCancelledException.class, context::checkCancelled);
        assertInstanceOf(ZfnetException.class, e);
        assertEquals("analysis cancelled", e.getMessage());
    }

    @Test
    void aCancelledRunOfAnotherPluginStopsTheCaller() {
        AtomicBoolean cancelled = new AtomicBoolean(true);
        AnalysisPlugin loop = new AnalysisPlugin() {
            @Override
            public String id() {
                return "loop";
            }

            @Override
            public String description() {
                return "Loops until cancelled.";
            }

            @Override
            public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
                while (true) {
                    context.checkCancelled();
                }
            }
        };
        assertThrows(AnalysisCancelledException.class, () -> context(cancelled, loop).run("loop", null, Map.of()));
    }

    private static AnalysisContext context(AtomicBoolean cancelled) {
        return context(cancelled, PROJECTOR);
    }

    /** A context holding one other plugin; no backend or network (the plugins here need none). */
    private static AnalysisContext context(AtomicBoolean cancelled, AnalysisPlugin other) {
        return new AnalysisContext() {
            @Override
            public ComputeBackend backend() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Network network() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Network network(Path weights) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Progress progress() {
                return Progress.NONE;
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }

            @Override
            public Optional<AnalysisPlugin> plugin(String id) {
                return Optional.of(other).filter(p -> p.id().equals(id));
            }
        };
    }
}

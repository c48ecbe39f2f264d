package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnloadedPluginsTest {

    @Test
    void felixResolutionFailureIsShortenedToTheMissingRequirement() {
        String felix = "Unable to resolve org.example.orphan [27](R 27.0): missing requirement [org.example.orphan [27]"
                + "(R 27.0)] osgi.wiring.package; (osgi.wiring.package=org.nobody.exports) Unresolved requirements: "
                + "[[org.example.orphan [27](R 27.0)] osgi.wiring.package; (osgi.wiring.package=org.nobody.exports)]";
        assertEquals("not resolved: missing requirement osgi.wiring.package; (osgi.wiring.package=org.nobody.exports)",
                UnloadedPlugins.unresolved(felix));
        assertEquals("not resolved: something else", UnloadedPlugins.unresolved("something\n  else"));
    }

    @Test
    void activationFailureIsTheInnermostCauseOfTheTrace() {
        String scr = "java.lang.reflect.InvocationTargetException\n\tat a.B.c(B.java:1)\nCaused by: "
                + "java.lang.RuntimeException: wrapped\n\tat d.E.f(E.java:2)\nCaused by: java.lang.IllegalStateException: "
                + "no network cable\n\tat g.H.i(H.java:3)\n\t... 12 more";
        assertEquals("java.lang.IllegalStateException: no network cable", UnloadedPlugins.rootCause(scr));
        assertEquals("java.lang.Error: plain", UnloadedPlugins.rootCause("java.lang.Error: plain\n\tat x.Y.z(Y.java:4)"));
    }
}

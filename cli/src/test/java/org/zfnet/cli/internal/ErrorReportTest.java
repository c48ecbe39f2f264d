package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.formats.FormatException;

/** What the command line prints for a failure: one line and the exit code of its kind. */
class ErrorReportTest {

    private static String[] report(Throwable failure, int expectedCode) {
        StringWriter text = new StringWriter();
        int code = CommandLineRunner.report(failure, new PrintWriter(text, true), false);
        assertEquals(expectedCode, code, text.toString());
        return text.toString().split("\\R");
    }

    @Test
    void badInputIsOneLineAndExitCodeTwoEvenWithLineBreaksTakenFromAFile() {
        String[] lines = report(new FormatException("w.safetensors: tensor 'a\nb\r\nc' has dtype I64"), 2);
        assertEquals(1, lines.length);
        assertEquals("zfnet: w.safetensors: tensor 'a b c' has dtype I64", lines[0]);
        assertEquals(1, report(new InvalidInputException("two\nlines"), 2).length);
    }

    @Test
    void failuresAreOneLineAndExitCodeOne() {
        String[] lines = report(new ZfnetException("plugin x failed:\njava.lang.IllegalStateException"), 1);
        assertEquals(1, lines.length);
        assertEquals("zfnet: plugin x failed: java.lang.IllegalStateException", lines[0]);
    }
}

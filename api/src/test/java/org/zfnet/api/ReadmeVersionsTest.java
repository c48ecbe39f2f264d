package org.zfnet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's table of the public api's packages gives each package's version as its {@code package-info.java} sets
 * it, so that the table cannot fall behind an api change.
 */
class ReadmeVersionsTest {

    private static final Pattern VERSION = Pattern.compile("@Version\\(\"([0-9.]+)\"\\)");
    private static final Pattern ROW = Pattern.compile("^\\| `(org\\.zfnet\\.api[a-z.]*)` \\| ([0-9.]+) \\|",
            Pattern.MULTILINE);

    @Test
    void theReadmeTableHasEveryPackageAtItsVersion() throws IOException {
        Path sources = Path.of("src/main/java");
        Map<String, String> declared = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path info : files.filter(f -> f.getFileName().toString().equals("package-info.java")).toList()) {
                Matcher m = VERSION.matcher(Files.readString(info));
                assertTrue(m.find(), info + " has no @Version");
                declared.put(sources.relativize(info.getParent()).toString().replace('/', '.'), m.group(1));
            }
        }
        Map<String, String> table = new LinkedHashMap<>();
        for (Matcher m = ROW.matcher(Files.readString(Path.of("../README.md"))); m.find(); ) {
            table.put(m.group(1), m.group(2));
        }
        assertEquals(new java.util.TreeMap<>(declared), new java.util.TreeMap<>(table),
                "README.md's table of the public api's packages against their package-info.java");
    }
}

package org.zfnet.launcher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder layout of an unpacked zfnet distribution:
 * <pre>
 *   bin/zfnet             the start script
 *   lib/                  this launcher, its SPI, the Felix framework and ASM (the only class path)
 *   bundles/core/         bundles every run installs (jars, or unpacked bundle folders)
 *   bundles/backend-NAME/ one compute backend: its natives fragment and its service bundle
 *   bundles/plugins/      the analysis plugins that ship with zfnet
 *   bundles/shell/        the Gogo shell, installed by {@code zfnet shell}
 *   bundles/serve/        the HTTP server (Felix HTTP on Jetty) and the page, installed by {@code zfnet serve}
 *   plugins/              watched folder for third-party plugin bundles
 *   conf/zfnet.properties defaults for the launcher's options
 * </pre>
 */
public record Distribution(Path home) {

    /** The system property the start script sets to the distribution's root. */
    public static final String HOME_PROPERTY = "zfnet.home";

    /** The distribution this launcher runs from: {@code -Dzfnet.home}, else the folder above {@code lib/}. */
    public static Distribution locate() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null) {
            return new Distribution(Path.of(home).toAbsolutePath().normalize());
        }
        try {
            Path jar = Path.of(Distribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new Distribution(jar.getParent().getParent().toAbsolutePath().normalize());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the zfnet distribution", e);
        }
    }

    public Path bundles(String group) {
        return home.resolve("bundles").resolve(group);
    }

    /**
     * The bundles of one group, sorted by name: jar files, and folders holding an unpacked bundle
     * (those with embedded jars, which Felix then reads in place). Empty when the group is absent.
     */
    public List<Path> bundleJars(String group) {
        Path dir = bundles(group);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")
                    || Files.isRegularFile(p.resolve("META-INF/MANIFEST.MF"))).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path config() {
        return home.resolve("conf").resolve("zfnet.properties");
    }

    public Path defaultPluginsDir() {
        return home.resolve("plugins");
    }
}

package org.zfnet.launcher.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Plugin bundles that misbehave, built as real jars for the tests: Java source compiled against the distribution's
 * api bundle, a bundle manifest and a Declarative Services component description, as bnd would write them.
 */
final class FaultyPlugins {

    private FaultyPlugins() {
    }

    /** Throws from {@code run}. */
    static final String THROWING = "throw new IllegalStateException(\"the throwing plugin always throws\");";
    /** Waits, checking {@code isCancelled()}, until it is cancelled; then returns nothing. */
    static final String HANGING = "while (!context.isCancelled()) { java.util.concurrent.locks.LockSupport.parkNanos("
            + "10_000_000L); } return null;";
    /** Keeps 8 MB blocks until the heap is full. */
    static final String HUNGRY = "java.util.List<long[]> hoard = new java.util.ArrayList<>(); "
            + "while (true) { hoard.add(new long[1 << 20]); }";
    /** Ends the process with status 3, as a plugin should never do. */
    static final String EXITING = "System.exit(3); return null;";
    /** Halts the process with status 3, skipping even the shutdown hooks. */
    static final String HALTING = "Runtime.getRuntime().halt(3); return null;";
    /** Ends the process with status 0 through reflection, where no rewriting of the call can see it. */
    static final String SNEAKY = "try { System.class.getMethod(\"exit\", int.class).invoke(null, 0); } "
            + "catch (ReflectiveOperationException e) { throw new IllegalStateException(e); } return null;";
    /** Writes a file into its checkpoint folder, then waits like {@link #HANGING}. */
    static final String CHECKPOINTING = "context.checkpoints().ifPresent(dir -> { try { java.nio.file.Files.writeString("
            + "dir.resolve(\"state\"), \"resume here\"); } catch (java.io.IOException e) { throw new "
            + "java.io.UncheckedIOException(e); } }); " + HANGING;
    /** Recurses without end. */
    static final String DEEP = "return deeper(0); } private static AnalysisResult deeper(int n) { "
            + "deeper(n + 1); return null;";

    /**
     * A plugin bundle {@code org.zfnet.test.ID}, {@code dir/ID.jar}, whose {@code run} body is {@code body}; built in
     * {@code dir}, which should not be a watched plugins folder.
     *
     * @param extraImports added to the manifest's Import-Package, e.g. a package nobody exports
     * @param constructor  the constructor's body, e.g. a throw to fail the component's activation
     */
    static Path build(Path dir, String id, String body, String extraImports, String constructor) throws IOException {
        String pkg = "org.zfnet.test." + id;
        String source = "package " + pkg + ";\n"
                + "import org.zfnet.api.analysis.*;\n"
                + "public class Plugin implements AnalysisPlugin {\n"
                + "  public Plugin() { " + constructor + " }\n"
                + "  public String id() { return \"" + id + "\"; }\n"
                + "  public String description() { return \"A faulty test plugin: " + id + ".\"; }\n"
                + "  public AnalysisResult run(AnalysisRequest request, AnalysisContext context) { " + body + " }\n"
                + "}\n";
        Path work = Files.createDirectories(dir.resolve("build-" + id));
        Path src = work.resolve("Plugin.java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = javac.run(null, log, log, "-nowarn", "--release", "17", "-cp", apiJar().toString(), "-d",
                classes.toString(), src.toString());
        if (code != 0) {
            throw new IOException("cannot compile the " + id + " plugin:\n" + log.toString(StandardCharsets.UTF_8));
        }
        Manifest manifest = manifest("org.zfnet.test." + id);
        Attributes main = manifest.getMainAttributes();
        main.putValue("Import-Package", "org.zfnet.api.analysis;version=\"[1.0,2)\"" + extraImports);
        main.putValue("Service-Component", "OSGI-INF/" + pkg + ".Plugin.xml");
        String component = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + pkg + ".Plugin\">\n"
                + "  <implementation class=\"" + pkg + ".Plugin\"/>\n"
                + "  <service><provide interface=\"org.zfnet.api.analysis.AnalysisPlugin\"/></service>\n"
                + "</scr:component>\n";
        Path jar = dir.resolve(id + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            add(out, "OSGI-INF/" + pkg + ".Plugin.xml", component.getBytes(StandardCharsets.UTF_8));
            add(out, pkg.replace('.', '/') + "/Plugin.class", Files.readAllBytes(
                    classes.resolve(pkg.replace('.', '/')).resolve("Plugin.class")));
        }
        return jar;
    }

    /** Copies a jar into the watched folder in one step, as a finished file; the file there. */
    static Path drop(Path jar, Path plugins) throws IOException {
        Path part = plugins.resolve(jar.getFileName() + ".part");
        Path dropped = plugins.resolve(jar.getFileName());
        Files.copy(jar, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, dropped, StandardCopyOption.ATOMIC_MOVE);
        return dropped;
    }

    /** A jar whose manifest has no bundle headers: a library, not a bundle. */
    static Path plainJar(Path dir, String name) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            add(out, "readme.txt", "not a bundle".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    static Manifest manifest(String symbolicName) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        return manifest;
    }

    static void add(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

    static Path apiJar() throws IOException {
        List<Path> api = TestDistribution.dist().bundleJars("core").stream()
                .filter(p -> p.getFileName().toString().startsWith("zfnet-api-")).toList();
        if (api.size() != 1) {
            throw new IOException("expected one zfnet-api jar in the distribution, found " + api);
        }
        return api.get(0);
    }
}

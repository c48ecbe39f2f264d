package org.zfnet.launcher.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A third party's plugin bundle with a page of its own, built as a real jar for the tests, as a plugin author would
 * write it: an analysis plugin and a servlet registered on the HTTP Whiteboard under {@code /plugins/<id>/*} with
 * the property {@code zfnet.plugin.page=<id>} (two Declarative Services components), importing the servlet api
 * optionally so that the plugin still loads in a container without the server.
 */
final class PagePlugin {

    /** What the plugin's page answers. */
    static final String PAGE_TEXT = "the page of its own";

    private PagePlugin() {
    }

    /** The bundle {@code org.zfnet.test.ID}, {@code dir/ID.jar}. */
    static Path build(Path dir, String id) throws IOException {
        String pkg = "org.zfnet.test." + id;
        Path work = Files.createDirectories(dir.resolve("build-" + id));
        Path plugin = work.resolve("Plugin.java");
        Files.writeString(plugin, "package " + pkg + ";\n"
                + "import org.zfnet.api.analysis.*;\n"
                + "public class Plugin implements AnalysisPlugin {\n"
                + "  public String id() { return \"" + id + "\"; }\n"
                + "  public String description() { return \"A test plugin with a page of its own.\"; }\n"
                + "  public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {"
                + " return new AnalysisResult(); }\n"
                + "}\n");
        Path page = work.resolve("Page.java");
        Files.writeString(page, "package " + pkg + ";\n"
                + "public class Page extends javax.servlet.http.HttpServlet {\n"
                + "  protected void doGet(javax.servlet.http.HttpServletRequest req,"
                + " javax.servlet.http.HttpServletResponse resp) throws java.io.IOException {\n"
                + "    resp.setContentType(\"text/plain;charset=utf-8\");\n"
                + "    resp.getWriter().print(\"" + PAGE_TEXT + "\");\n"
                + "  }\n"
                + "}\n");
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = javac.run(null, log, log, "-nowarn", "--release", "17", "-cp", FaultyPlugins.apiJar()
                + java.io.File.pathSeparator + servletApiJar(), "-d", classes.toString(), plugin.toString(),
                page.toString());
        if (code != 0) {
            throw new IOException("cannot compile the " + id + " plugin:\n" + log.toString(StandardCharsets.UTF_8));
        }
        Manifest manifest = FaultyPlugins.manifest(pkg);
        manifest.getMainAttributes().putValue("Import-Package", "org.zfnet.api.analysis;version=\"[1.0,2)\","
                + "javax.servlet;version=\"[3.1,4)\";resolution:=optional,"
                + "javax.servlet.http;version=\"[3.1,4)\";resolution:=optional");
        manifest.getMainAttributes().putValue("Service-Component", "OSGI-INF/Plugin.xml,OSGI-INF/Page.xml");
        String pluginXml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + pkg + ".Plugin\">\n"
                + "  <implementation class=\"" + pkg + ".Plugin\"/>\n"
                + "  <service><provide interface=\"org.zfnet.api.analysis.AnalysisPlugin\"/></service>\n"
                + "</scr:component>\n";
        String pageXml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + pkg + ".Page\">\n"
                + "  <implementation class=\"" + pkg + ".Page\"/>\n"
                + "  <service><provide interface=\"javax.servlet.Servlet\"/></service>\n"
                + "  <property name=\"osgi.http.whiteboard.servlet.pattern\" value=\"/plugins/" + id + "/*\"/>\n"
                + "  <property name=\"zfnet.plugin.page\" value=\"" + id + "\"/>\n"
                + "</scr:component>\n";
        Path jar = dir.resolve(id + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            FaultyPlugins.add(out, "OSGI-INF/Plugin.xml", pluginXml.getBytes(StandardCharsets.UTF_8));
            FaultyPlugins.add(out, "OSGI-INF/Page.xml", pageXml.getBytes(StandardCharsets.UTF_8));
            for (String name : List.of("Plugin", "Page")) {
                Path dirOf = classes.resolve(pkg.replace('.', '/'));
                FaultyPlugins.add(out, pkg.replace('.', '/') + "/" + name + ".class",
                        Files.readAllBytes(dirOf.resolve(name + ".class")));
            }
        }
        return jar;
    }

    private static Path servletApiJar() throws IOException {
        List<Path> jars = TestDistribution.dist().bundleJars("serve").stream()
                .filter(p -> p.getFileName().toString().startsWith("org.apache.felix.http.servlet-api-")).toList();
        if (jars.size() != 1) {
            throw new IOException("expected one servlet api jar in the distribution's serve bundles, found " + jars);
        }
        return jars.get(0);
    }
}

package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.InvalidSyntaxException;
import org.zfnet.launcher.Container;

/** A plugin jar dropped into the watched folder of a running container appears, and goes when removed. */
class PluginHotDeployIT {

    private static final String PLUGIN = "org.zfnet.api.analysis.AnalysisPlugin";

    @TempDir
    Path plugins;

    @Test
    void droppedJarAppearsWithoutRestartAndDisappearsWhenDeleted() throws Exception {
        try (Container container = Container.start(TestDistribution.dist(), TestDistribution.cpu(plugins), System.err)) {
            int builtIn = pluginServices(container);

            Path jar = plugins.resolve("edge-plugin.jar");
            Path partial = plugins.resolve("edge-plugin.jar.part");
            Files.copy(TestDistribution.examplePlugin(), partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
            long dropped = System.nanoTime();
            awaitTrue(() -> pluginServices(container) == builtIn + 1, "the plugin service appears");
            System.out.printf("plugin appeared %d ms after the drop%n", (System.nanoTime() - dropped) / 1_000_000);

            JsonNode listed = new ObjectMapper().readTree(run(container, "plugins", "--json")).get("plugins");
            assertEquals(builtIn + 1, listed.size());
            JsonNode edges = null;
            for (JsonNode plugin : listed) {
                if (plugin.get("id").asText().equals("edges")) {
                    edges = plugin;
                }
            }
            assertEquals("org.zfnet.examples.edges", edges.get("bundle").asText());

            Files.delete(jar);
            awaitTrue(() -> pluginServices(container) == builtIn, "the plugin service is withdrawn");
            assertTrue(!run(container, "plugins").contains("org.zfnet.examples.edges"));
        }
    }

    private static int pluginServices(Container container) {
        try {
            var refs = container.context().getServiceReferences(PLUGIN, null);
            return refs == null ? 0 : refs.length;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static String run(Container container, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = container.run(List.of(args), new PrintStream(out, true), System.err);
        assertEquals(0, code);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Waits up to 10 s (FileInstall polls every 500 ms). */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}

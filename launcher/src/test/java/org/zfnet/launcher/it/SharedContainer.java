package org.zfnet.launcher.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.zfnet.launcher.Container;

/**
 * One container on the CPU backend for all the tests of a class, with an empty plugins folder of its own; started
 * before the class's {@code @BeforeAll} methods, closed after its last test.
 * {@code @RegisterExtension static final SharedContainer container = new SharedContainer();}
 */
final class SharedContainer implements BeforeAllCallback, AfterAllCallback {

    private Container container;
    private Path plugins;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        plugins = Files.createTempDirectory("zfnet-it-plugins");
        container = Container.start(TestDistribution.dist(), TestDistribution.cpu(plugins), System.err);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (container != null) {
            container.close();
        }
        Files.deleteIfExists(plugins);
    }

    /** Runs a command line in the container, capturing its output. */
    TestDistribution.Result run(String... args) throws Exception {
        return TestDistribution.run(container, args);
    }
}

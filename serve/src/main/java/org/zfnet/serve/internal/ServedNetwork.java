package org.zfnet.serve.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.zfnet.api.model.Network;
import org.zfnet.data.ProceduralDataset;

/**
 * The network {@code zfnet serve} serves, as the command registered it: the container's shared network (loaded once,
 * by the command, from its cache) as a {@link Network} service marked {@code zfnet.serve=network}, with the
 * {@code --images} files and the access token as service properties. This component renders the procedural sample
 * images and holds the {@link Explorer} that every servlet asks.
 */
@Component(service = ServedNetwork.class)
public class ServedNetwork {

    /** The mark of the network service; the command sets it to {@code network}. */
    static final String MARK = "zfnet.serve";
    /** Service property: the image files of {@code --images} ({@code String[]}), checked readable by the command. */
    static final String IMAGES = "zfnet.serve.images";
    /** Service property: the access token every request must show, or empty when the server listens on loopback. */
    static final String TOKEN = "zfnet.serve.token";

    /** Sample images rendered per class (six classes), as zfnet demo's samples: 128x128, seed 1. */
    static final int SAMPLES_PER_CLASS = 2;

    private final BundleContext context;
    private final ServiceReference<Network> ref;
    private final Explorer explorer;
    private final String token;

    @Activate
    public ServedNetwork(BundleContext context,
            @Reference(target = "(" + MARK + "=network)") ServiceReference<Network> ref) {
        this.context = context;
        this.ref = ref;
        Network network = context.getService(ref);
        Object token = ref.getProperty(TOKEN);
        this.token = token == null ? "" : token.toString();
        Object images = ref.getProperty(IMAGES);
        List<Path> files = images instanceof String[] paths ? Arrays.stream(paths).map(Path::of).toList() : List.of();
        Path samples = context.getDataFile("samples").toPath();
        Path scratch = context.getDataFile("uploads").toPath();
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + scratch + ": " + e.getMessage(), e);
        }
        this.explorer = new Explorer(network, new ImageLibrary(network.spec(), renderSamples(samples), files, scratch));
    }

    /** The procedural samples, one folder per class, rendered into the bundle's own storage. */
    private static List<Path> renderSamples(Path dir) {
        ProceduralDataset.generate(dir, SAMPLES_PER_CLASS, 128, 1, n -> { });
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the samples in " + dir + ": " + e.getMessage(), e);
        }
    }

    Explorer explorer() {
        return explorer;
    }

    /** The access token, or empty when none is needed. */
    String token() {
        return token;
    }

    @Deactivate
    void deactivate() {
        explorer.close();
        context.ungetService(ref);
    }
}

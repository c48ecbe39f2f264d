package org.zfnet.cli.internal;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.ServiceRegistration;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import org.zfnet.cli.runs.AnalysisRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zfnet serve}: the network explored live in the browser. The network is loaded once, from the container's
 * cache, and registered as a {@link Network} service marked {@code zfnet.serve=network} for the serve bundle's
 * components (the page and its api, on the OSGi HTTP Whiteboard), with the {@code --images} files and the access
 * token as service properties; then the HTTP server starts ({@link WhiteboardServer}), one line gives the address,
 * and the server runs until the process is stopped (Ctrl-C, SIGTERM). The page's analysis runs ({@link ServeRuns}) are
 * registered as an {@link AnalysisRuns} service marked {@code zfnet.serve=runs}.
 */
@Command(name = "serve",
        description = {"Explore the network live in the browser: pick an image, see its top-5 classes, each layer's "
                + "channels, a channel's strongest activation projected to pixels with its receptive field, and an "
                + "occluder square dragged over the image; and every analysis plugin run from a form of its own, "
                + "with progress, cancel and its result's files.",
                "Prints the address to open and serves until stopped (Ctrl-C). On a --host other than loopback every "
                + "request needs the access token printed in the address."})
final class ServeCommand implements Callable<Integer> {

    /** Service properties of the served network; the serve bundle's {@code ServedNetwork} reads them. */
    static final String MARK = "zfnet.serve";
    static final String IMAGES = "zfnet.serve.images";
    static final String TOKEN = "zfnet.serve.token";

    @Mixin
    NetworkOptions network;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only); any other needs the "
                    + "access token printed at start.")
    String host;

    @Option(names = "--images", paramLabel = "DIR",
            description = "A folder of .png/.jpg images to offer besides the procedural samples (subfolders included).")
    Path images;

    @Option(names = "--timeout", defaultValue = "10m", paramLabel = "DURATION",
            description = "The longest an analysis run from the page may take: 500ms, 30s, 5m, 1h, or 0 for no limit "
                    + "(default: ${DEFAULT-VALUE}).")
    String timeout;

    private final Session session;

    ServeCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("--port must be 0 to 65535, got " + port);
        }
        Timeout runLimit = Timeout.parse(timeout);
        WhiteboardServer server = new WhiteboardServer(session, host, port);
        if (images != null && !java.nio.file.Files.isDirectory(images)) {
            throw new InvalidInputException("--images " + images + ": not a folder");
        }
        List<Path> files = images == null ? List.of() : FileInputs.expand(images);
        ModelSpec spec = network.spec(session);
        String token = server.loopback() ? "" : token();
        try (NetworkCache.Lease lease = network.network(session, spec)) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(MARK, "network");
            props.put(IMAGES, files.stream().map(p -> p.toAbsolutePath().toString()).toArray(String[]::new));
            props.put(TOKEN, token);
            ServiceRegistration<Network> served = session.bundleContext().registerService(Network.class,
                    lease.network(), props);
            Hashtable<String, Object> runsProps = new Hashtable<>();
            runsProps.put(MARK, AnalysisRuns.MARK);
            try (ServeRuns runs = new ServeRuns(session, network.choice(), runLimit, runsFolder(), ServeRuns.CAP_BYTES)) {
                ServiceRegistration<AnalysisRuns> runsService = session.bundleContext().registerService(
                        AnalysisRuns.class, runs, runsProps);
                try {
                    return serve(server, token);
                } finally {
                    runsService.unregister();
                }
            } finally {
                served.unregister();
            }
        }
    }

    /** Starts the server, prints the address and serves until the process is stopped. */
    private int serve(WhiteboardServer server, String token) throws InterruptedException {
        URI address = server.start(token);
        session.out.println("zfnet serve: open " + address + (token.isEmpty() ? "" : "?token=" + token));
        session.out.flush();
        // serves until the process is stopped; the launcher's shutdown guard ends it
        new CountDownLatch(1).await();
        return 0;
    }

    /** The analysis runs' files: a temporary folder of this server's own, removed when it stops. */
    private static Path runsFolder() {
        try {
            return java.nio.file.Files.createTempDirectory("zfnet-serve-runs-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary folder for the runs: " + e.getMessage(), e);
        }
    }

    /** 128 random bits, hex. */
    private static String token() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

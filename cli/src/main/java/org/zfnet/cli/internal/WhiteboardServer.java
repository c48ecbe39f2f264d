package org.zfnet.cli.internal;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.launcher.spi.LaunchProperties;

/**
 * The HTTP server of {@code zfnet serve}: Apache Felix HTTP (Jetty) with the OSGi HTTP Whiteboard, whose bundles the
 * launcher installs for this command only ({@link LaunchProperties#SERVE_BUNDLES}) and this class starts once the
 * port and address are known: Felix HTTP reads them from {@code org.osgi.service.http.port} and
 * {@code org.apache.felix.http.host} as it starts.
 */
final class WhiteboardServer {

    /** How long the server may take to listen and answer its first request (samples rendered, a forward pass). */
    static final long START_MS = 120_000;

    private static final String RUNTIME = "org.osgi.service.http.runtime.HttpServiceRuntime";
    /**
     * Felix HTTP's log, through java.util.logging to standard error (it would print to standard output, which holds
     * the command's one line): warnings only unless {@code --verbose}. Held here, as JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger HTTP_LOG = java.util.logging.Logger.getLogger("org.apache.felix.http");

    private final Session session;
    private final String host;
    private final InetAddress address;
    private final int port;

    /** Checks the address and, unless it is 0, that the port is free, before anything is loaded. */
    WhiteboardServer(Session session, String host, int port) {
        this.session = session;
        this.host = host;
        this.port = port;
        try {
            this.address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidInputException("--host " + host + ": unknown host");
        }
        if (port != 0) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(address, port));
            } catch (IOException e) {
                throw new InvalidInputException("cannot listen on " + host + " port " + port + ": " + e.getMessage());
            }
        }
    }

    /** Whether only this machine can connect: then no access token is needed. */
    boolean loopback() {
        return address.isLoopbackAddress();
    }

    /** Starts the server's bundles; returns the address once the page answers. */
    URI start(String token) {
        String folder = session.bundleContext().getProperty(LaunchProperties.SERVE_BUNDLES);
        if (folder == null) {
            throw new ZfnetException("the HTTP server's bundles are not installed (the launcher installs "
                    + "bundles/serve/ for zfnet serve)");
        }
        System.setProperty("org.apache.felix.http.log.jul", "true");
        HTTP_LOG.setLevel(session.verbose() ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        System.setProperty("org.osgi.service.http.port", Integer.toString(port));
        System.setProperty("org.apache.felix.http.host", address.getHostAddress());
        String prefix = "reference:" + Path.of(folder).toUri();
        for (Bundle bundle : session.bundleContext().getBundles()) {
            if (bundle.getLocation().startsWith(prefix) && bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    bundle.start();
                } catch (BundleException e) {
                    throw new ZfnetException("bundle " + bundle.getSymbolicName() + " did not start: "
                            + CommandLineRunner.oneLine(e.getMessage()), e);
                }
            }
        }
        long deadline = System.currentTimeMillis() + START_MS;
        int listening = listeningPort(deadline);
        String shown = address instanceof Inet6Address ? "[" + host + "]" : host;
        URI uri = URI.create("http://" + shown + ":" + listening + "/");
        awaitPage(uri, token, deadline);
        return uri;
    }

    /** The port the server listens on (the one it picked for 0), from the whiteboard runtime's endpoint. */
    private int listeningPort(long deadline) {
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<?> ref = session.bundleContext().getServiceReference(RUNTIME);
            Object endpoint = ref == null ? null : ref.getProperty("osgi.http.endpoint");
            String first = endpoint instanceof String[] all && all.length > 0 ? all[0]
                    : endpoint instanceof java.util.Collection<?> c && !c.isEmpty() ? c.iterator().next().toString()
                    : endpoint == null ? null : endpoint.toString();
            if (first != null) {
                int p = URI.create(first).getPort();
                if (p > 0) {
                    return p;
                }
            }
            pause();
        }
        throw new ZfnetException("the HTTP server did not start listening on " + host + " port " + port + " within "
                + START_MS / 1000 + " s; run with --verbose to see the container's log");
    }

    /** Waits until the page's api answers (its components active, the samples rendered). */
    private void awaitPage(URI uri, String token, long deadline) {
        String last = "no answer";
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) uri.resolve("api/model").toURL().openConnection();
                c.setRequestProperty("X-Zfnet-Token", token);
                c.setConnectTimeout(2000);
                c.setReadTimeout((int) Math.max(1000, deadline - System.currentTimeMillis()));
                int status = c.getResponseCode();
                if (status == 200) {
                    c.getInputStream().readAllBytes();
                    return;
                }
                byte[] body = c.getErrorStream() == null ? new byte[0] : c.getErrorStream().readAllBytes();
                last = status + " " + new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
                if (status >= 500) {
                    throw new ZfnetException("the server failed to start: " + last);
                }
            } catch (IOException e) {
                last = e.toString();
            }
            pause();
        }
        throw new ZfnetException("the server's page did not answer within " + START_MS / 1000 + " s (" + last
                + "); run with --verbose to see the container's log");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZfnetException("interrupted while the server started");
        }
    }
}

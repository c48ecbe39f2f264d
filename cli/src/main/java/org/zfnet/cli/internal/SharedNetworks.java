package org.zfnet.cli.internal;

import org.bytedeco.javacpp.Pointer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.zfnet.launcher.spi.LaunchProperties;

/**
 * What the container keeps loaded between commands: the compute backend the launcher chose (activated on first use)
 * and the networks on it ({@link NetworkCache}), so that a shell session or a server loads a model and its weights once.
 * Stopping the container closes the networks, then lets the backend go.
 *
 * <p>The cache's budget is half of the off-heap memory ND4J may use: JavaCPP's limit on the native memory it tracks,
 * {@link Pointer#maxBytes()} (by default the JVM's maximum heap; {@code -Dorg.bytedeco.javacpp.maxbytes=8g} in
 * {@code ZFNET_JAVA_OPTS} sets it), and no more than half of the machine's physical memory. The other half stays for
 * what the runs allocate: traces, projections, results.
 */
@Component(service = SharedNetworks.class)
public class SharedNetworks {

    private final BackendAccess backend;
    private final NetworkCache networks;

    @Activate
    public SharedNetworks(BundleContext context, @Reference ServiceComponentRuntime scr) {
        String name = context.getProperty(LaunchProperties.BACKEND);
        this.backend = new BackendAccess(context, scr, name == null ? "cpu" : name);
        this.networks = new NetworkCache(budget(Pointer.maxBytes(), Pointer.totalPhysicalBytes()));
    }

    /** Half of the smaller of JavaCPP's off-heap limit and the physical memory (either 0 when unknown: no limit). */
    static long budget(long maxBytes, long physicalBytes) {
        long limit = Long.MAX_VALUE;
        if (maxBytes > 0) {
            limit = maxBytes;
        }
        if (physicalBytes > 0) {
            limit = Math.min(limit, physicalBytes);
        }
        return limit == Long.MAX_VALUE ? Runtime.getRuntime().maxMemory() / 2 : limit / 2;
    }

    BackendAccess backend() {
        return backend;
    }

    NetworkCache networks() {
        return networks;
    }

    @Deactivate
    void deactivate() {
        networks.close();
        backend.close();
    }
}

package org.zfnet.nd4j.host;

import org.nd4j.common.config.ND4JClassLoading;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Points ND4J's class loading at this bundle's class loader as soon as the bundle starts. That loader
 * sees ND4J, JavaCPP and the backend natives fragment attached to this bundle, so ND4J finds its backend
 * whichever bundle happens to touch ND4J first.
 */
public final class HostActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        ND4JClassLoading.setNd4jClassloader(HostActivator.class.getClassLoader());
    }

    @Override
    public void stop(BundleContext context) {
        // ND4J's statics live as long as this bundle's class loader
    }
}

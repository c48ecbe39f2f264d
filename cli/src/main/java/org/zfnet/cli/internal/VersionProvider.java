package org.zfnet.cli.internal;

import org.osgi.framework.FrameworkUtil;
import picocli.CommandLine.IVersionProvider;

/** The version of the command bundle, which is the version of the distribution. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        var bundle = FrameworkUtil.getBundle(VersionProvider.class);
        return new String[] {"zfnet " + (bundle == null ? "(outside a container)" : bundle.getVersion())};
    }
}

/**
 * The few types shared by the launcher (outside the container) and the bundles inside it, exported by the system
 * bundle at this version (the launcher's {@code Container} declares it in {@code org.osgi.framework.system.packages.extra}).
 * 1.1: {@link org.zfnet.launcher.spi.CommandRunner#abort()}; {@link org.zfnet.launcher.spi.PluginExits}, which the
 * launcher weaves into plugin bundles in place of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}.
 * 1.2: {@link org.zfnet.launcher.spi.LaunchProperties#SERVE_BUNDLES}.
 * 1.3: {@link org.zfnet.launcher.spi.DatasetRunner}, the dataset work of an analysis in shards, for the Spark
 * application.
 */
@Export
@Version("1.3.0")
package org.zfnet.launcher.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

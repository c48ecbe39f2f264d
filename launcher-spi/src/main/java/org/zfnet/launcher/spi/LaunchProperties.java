package org.zfnet.launcher.spi;

/**
 * Framework properties the launcher sets for the bundles inside the container
 * (read with {@code BundleContext.getProperty}).
 */
public final class LaunchProperties {

    /** The distribution's root folder. */
    public static final String HOME = "zfnet.home";
    /** The backend the launcher installed: {@code cpu} or {@code cuda}. */
    public static final String BACKEND = "zfnet.backend";
    /** Names of all known backends, comma-separated, in display order. */
    public static final String BACKENDS = "zfnet.backends";
    /** Prefix of one property per backend: {@code usable} or {@code unusable: <reason>}. */
    public static final String BACKEND_STATUS_PREFIX = "zfnet.backend.status.";
    /** The folder watched for third-party plugin bundles. */
    public static final String PLUGINS_DIR = "zfnet.plugins";
    /**
     * The folder of the bundles that {@code zfnet serve} starts (the HTTP server and the page), set only for that
     * command: the launcher installs them without starting them, so that no other command pays for them.
     *
     * @since 1.2
     */
    public static final String SERVE_BUNDLES = "zfnet.serve.bundles";
    /** {@code true} when the user asked for {@code --verbose}. */
    public static final String VERBOSE = "zfnet.verbose";

    private LaunchProperties() {
    }
}

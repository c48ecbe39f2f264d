package org.zfnet.launcher.spi;

/**
 * What plugin bundles call instead of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}: the launcher
 * rewrites those calls in every class of a plugin bundle as it is loaded (an OSGi weaving hook), so that a plugin cannot
 * end the container and the command that runs it. Each method has the stack effect of the call it replaces and throws
 * a {@link PluginExitException}, which the command reports as the plugin's failure.
 */
public final class PluginExits {

    private PluginExits() {
    }

    /** In place of {@code System.exit(status)}. */
    public static void systemExit(int status) {
        throw new PluginExitException("System.exit", status);
    }

    /** In place of {@code runtime.exit(status)}. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new PluginExitException("Runtime.exit", status);
    }

    /** In place of {@code runtime.halt(status)}. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new PluginExitException("Runtime.halt", status);
    }
}

package org.zfnet.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.zfnet.launcher.spi.CommandRunner;

/**
 * The launcher's own options, taken out of the command line before the container starts, with
 * defaults from {@code conf/zfnet.properties}. Everything else is passed to the command inside.
 *
 * @param backend     {@code cpu}, {@code cuda} or {@code auto}
 * @param verbose     {@code -v} / {@code --verbose}
 * @param pluginsDir  the folder watched for third-party plugin bundles
 * @param cacheDir    zfnet's cache: JavaCPP's extracted natives, the container's scratch storage
 * @param probe       whether to check the backend's requirements before starting the container
 * @param command     the remaining arguments, for the command inside the container
 */
public record LaunchOptions(String backend, boolean verbose, Path pluginsDir, Path cacheDir, boolean probe,
        List<String> command) {

    public static final List<String> BACKEND_CHOICES = List.of("cpu", "cuda", "auto");

    /** Parses {@code args}; options may appear anywhere, as {@code --name value} or {@code --name=value}. */
    public static LaunchOptions parse(String[] args, Distribution dist, Map<String, String> env)
            throws LaunchException {
        Properties conf = readConfig(dist.config());
        String backend = conf.getProperty("backend", "auto").trim();
        boolean verbose = false;
        String confPlugins = conf.getProperty("plugins", "").trim();
        String plugins = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                rest.addAll(List.of(args).subList(i, args.length));
                break;
            } else if (arg.equals("-v") || arg.equals("--verbose")) {
                verbose = true;
            } else if (arg.equals("--backend") || arg.startsWith("--backend=")) {
                backend = value(args, i, "--backend");
                i += arg.contains("=") ? 0 : 1;
            } else if (arg.equals("--plugins") || arg.startsWith("--plugins=")) {
                plugins = value(args, i, "--plugins");
                i += arg.contains("=") ? 0 : 1;
            } else {
                rest.add(arg);
            }
        }
        if (!BACKEND_CHOICES.contains(backend)) {
            throw new LaunchException(CommandRunner.BAD_INPUT,
                    "unknown backend '" + backend + "' (expected cpu, cuda or auto)");
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path pluginsDir = plugins != null ? expand(plugins, cwd)
                : confPlugins.isEmpty() ? dist.defaultPluginsDir() : expand(confPlugins, dist.home());
        String cache = conf.getProperty("cache", "").trim();
        Path cacheDir = cache.isEmpty() ? defaultCache(env) : expand(cache, dist.home());
        String probeSetting = System.getProperty("zfnet.backend.probe", conf.getProperty("backend.probe", "true"));
        boolean probe = !"false".equalsIgnoreCase(probeSetting.trim());
        return new LaunchOptions(backend, verbose, pluginsDir, cacheDir, probe, List.copyOf(rest));
    }

    private static String value(String[] args, int i, String name) throws LaunchException {
        String arg = args[i];
        if (arg.startsWith(name + "=")) {
            return arg.substring(name.length() + 1);
        }
        if (i + 1 >= args.length || args[i + 1].startsWith("-")) {
            throw new LaunchException(CommandRunner.BAD_INPUT, "option " + name + " needs a value");
        }
        return args[i + 1];
    }

    private static Properties readConfig(Path file) throws LaunchException {
        Properties conf = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                conf.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new LaunchException(CommandRunner.BAD_INPUT, "cannot read " + file + ": " + e.getMessage());
            }
        }
        return conf;
    }

    /** {@code $XDG_CACHE_HOME/zfnet}, else {@code ~/.cache/zfnet}. */
    public static Path defaultCache(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("zfnet");
    }

    /** A path: {@code ~} is the user's home folder; relative paths start at {@code base}. */
    private static Path expand(String path, Path base) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1)).normalize();
        }
        return base.resolve(path).normalize();
    }
}

package org.zfnet.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides, without starting ND4J, whether each compute backend can run here, and says why not.
 * ND4J cannot swap backends inside a running JVM, so the choice is made before the container starts.
 */
public final class BackendProbe {

    /** All backends, in display order; {@code auto} prefers CUDA when it is usable. */
    public static final List<String> BACKENDS = List.of("cpu", "cuda");

    private final Distribution dist;
    private final List<Path> libraryDirs;
    private final Path root;

    /**
     * @param libraryDirs where to look for the NVIDIA driver and the CUDA runtime
     * @param root        file system root, {@code /} except in tests
     */
    BackendProbe(Distribution dist, List<Path> libraryDirs, Path root) {
        this.dist = dist;
        this.libraryDirs = libraryDirs;
        this.root = root;
    }

    /** A probe of this machine: the dynamic linker's folders, {@code LD_LIBRARY_PATH} and CUDA's usual homes. */
    public static BackendProbe ofThisMachine(Distribution dist, Map<String, String> env) {
        return new BackendProbe(dist, linkerDirs(env, Path.of("/")), Path.of("/"));
    }

    /** Every backend with {@code usable} or {@code unusable: <reason>}. */
    public Map<String, String> statuses() {
        Map<String, String> statuses = new LinkedHashMap<>();
        statuses.put("cpu", cpu());
        statuses.put("cuda", cuda());
        return statuses;
    }

    String cpu() {
        if (dist.bundleJars("backend-cpu").isEmpty()) {
            return "unusable: its bundles are missing from " + dist.bundles("backend-cpu");
        }
        String platform = platform();
        if (!platform.equals("linux-x86_64")) {
            return "unusable: this build ships natives for linux-x86_64 only, this machine is " + platform;
        }
        return "usable";
    }

    String cuda() {
        if (dist.bundleJars("backend-cuda").isEmpty()) {
            return "unusable: this distribution was built without the CUDA natives (-DskipCuda); "
                    + "rebuild with 'mvn install' to include them";
        }
        if (!platform().equals("linux-x86_64")) {
            return "unusable: this build ships CUDA natives for linux-x86_64 only, this machine is " + platform();
        }
        if (find("libcuda.so.1") == null) {
            return "unusable: no NVIDIA driver on this machine (libcuda.so.1 not found)";
        }
        if (!Files.exists(root.resolve("dev/nvidia0")) && !Files.exists(root.resolve("proc/driver/nvidia/version"))) {
            return "unusable: the NVIDIA driver library is installed but no GPU device is visible (/dev/nvidia0)";
        }
        if (find("libcudart.so.11.0") == null) {
            return "unusable: the CUDA 11 runtime (libcudart.so.11.0) is not installed; ND4J's CUDA backend needs CUDA 11.6";
        }
        return "usable";
    }

    /** Resolves {@code auto} to CUDA when usable, else CPU; refuses a named backend that is unusable. */
    public static String choose(String requested, Map<String, String> statuses) throws LaunchException {
        if (requested.equals("auto")) {
            return "usable".equals(statuses.get("cuda")) ? "cuda" : "cpu";
        }
        String status = statuses.get(requested);
        if (!"usable".equals(status)) {
            throw new LaunchException(2, "the " + requested + " backend is " + status);
        }
        return requested;
    }

    private Path find(String library) {
        for (Path dir : libraryDirs) {
            Path candidate = dir.resolve(library);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase().startsWith("linux") ? "linux" : System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        return os + "-" + (arch.equals("amd64") ? "x86_64" : arch);
    }

    /** {@code LD_LIBRARY_PATH}, the folders listed in {@code /etc/ld.so.conf.d}, the system's and CUDA's defaults. */
    static List<Path> linkerDirs(Map<String, String> env, Path root) {
        Set<Path> dirs = new LinkedHashSet<>();
        String ldPath = env.get("LD_LIBRARY_PATH");
        if (ldPath != null) {
            for (String dir : ldPath.split(":")) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        Path confDir = root.resolve("etc/ld.so.conf.d");
        if (Files.isDirectory(confDir)) {
            try (Stream<Path> confs = Files.list(confDir)) {
                for (Path conf : confs.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                    for (String line : Files.readAllLines(conf)) {
                        String dir = line.strip();
                        if (dir.startsWith("/")) {
                            dirs.add(root.resolve(dir.substring(1)));
                        }
                    }
                }
            } catch (IOException e) {
                // unreadable linker configuration: fall back to the defaults below
            }
        }
        for (String dir : new String[] {"lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib64", "usr/lib64",
            "lib", "usr/lib", "usr/local/cuda/lib64", "usr/local/cuda/compat", "usr/local/cuda-11.6/lib64",
            "usr/lib/wsl/lib"}) {
            dirs.add(root.resolve(dir));
        }
        return new ArrayList<>(dirs);
    }
}

package org.zfnet.backend.nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.zfnet.api.BackendUnavailableException;
import org.zfnet.api.dto.BackendInfo;

/**
 * Starts ND4J inside an OSGi container and describes what it started.
 *
 * <p>ND4J finds its backend with a service loader on its own class loader. Inside Felix that must be
 * the ND4J host bundle's loader, which also sees the natives fragment attached to it; see
 * {@code shared/design/nd4j-in-osgi.md}. One backend per JVM: ND4J cannot swap backends at run time.
 */
public final class Nd4jRuntime {

    /** ND4J backend class of the CPU backend (nd4j-native). */
    public static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    /** ND4J backend class of the CUDA backend (nd4j-cuda). */
    public static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private Nd4jRuntime() {
    }

    /** Framework property: {@code true} when the user asked for verbose output. */
    public static final String VERBOSE_PROPERTY = "zfnet.verbose";

    /** Loads ND4J's backend quietly; see {@link #start(String, String, boolean)}. */
    public static BackendInfo start(String name, String expectedClass) {
        return start(name, expectedClass, false);
    }

    /**
     * Loads ND4J's backend and checks it is the expected one. What ND4J prints to standard error while
     * loading (stack traces of natives that fail to load, among others) is held back, shown only when
     * {@code echo} is set, and mined for the reason when loading fails.
     *
     * @param name           {@code cpu} or {@code cuda}, for messages and {@link BackendInfo#name()}
     * @param expectedClass  the ND4J backend class that must be active
     * @param echo           pass ND4J's start-up output through to standard error
     * @throws BackendUnavailableException with the underlying reason when ND4J cannot start it
     */
    public static synchronized BackendInfo start(String name, String expectedClass, boolean echo) {
        ND4JClassLoading.setNd4jClassloader(Nd4jBackend.class.getClassLoader());
        Nd4jBackend backend;
        PrintStream err = System.err;
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
        try {
            backend = Nd4j.getBackend();
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        } catch (Throwable e) {
            throw new BackendUnavailableException("the " + name + " backend cannot start: "
                    + failureReason(held.toString(StandardCharsets.UTF_8), e), e);
        } finally {
            System.setErr(err);
            if (echo) {
                err.print(held.toString(StandardCharsets.UTF_8));
            }
        }
        String actual = backend.getClass().getName();
        if (!actual.equals(expectedClass)) {
            throw new BackendUnavailableException("the " + name + " backend cannot start: ND4J loaded "
                    + actual + " instead of " + expectedClass);
        }
        String buildInfo = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        boolean onednn = buildInfo.contains("HAVE_ONEDNN") && Nd4j.getEnvironment().helpersAllowed();
        String device = Nd4j.getEnvironment().isCPU() ? cpuDescription() : gpuDescription();
        return new BackendInfo(name, device, actual, onednn, Nd4j.getEnvironment().maxThreads());
    }

    /**
     * Why ND4J could not start: a native library that failed to load (ND4J reports those only on
     * standard error before giving up with "no backend"), else the innermost message of the failure.
     */
    static String failureReason(String output, Throwable e) {
        String marker = "UnsatisfiedLinkError: ";
        String linkError = null;
        for (String line : output.lines().toList()) {
            int at = line.lastIndexOf(marker);
            if (at >= 0) {
                linkError = line.substring(at + marker.length()).trim();
            }
        }
        if (linkError != null) {
            // "/cache/.../libjnicudart.so: libcuda.so.1: cannot open shared object file: ..." -> from "libcuda.so.1"
            String[] parts = linkError.split(": ", 2);
            String detail = parts.length == 2 && parts[0].startsWith("/") ? parts[1] : linkError;
            return "ND4J could not load its natives (" + detail + ")";
        }
        return rootReason(e);
    }

    /** The innermost message of a failure. */
    static String rootReason(Throwable e) {
        Throwable t = e;
        String reason = t.toString();
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return reason.lines().findFirst().orElse(reason).trim();
    }

    private static String cpuDescription() {
        String model = System.getProperty("os.arch");
        String flags = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && model.equals(System.getProperty("os.arch"))) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("flags") && flags.isEmpty()) {
                    flags = line;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture alone will do
        }
        String simd = flags.contains(" avx512f") ? ", AVX-512" : flags.contains(" avx2") ? ", AVX2" : "";
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format(Locale.ROOT, "%s, %d cores%s", model, cores, simd);
    }

    private static String gpuDescription() {
        var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int device = ops.getDevice();
        long total = ops.getDeviceTotalMemory(device);
        return String.format(Locale.ROOT, "%s (compute %d.%d, %.0f GiB), %d device(s)",
                ops.getDeviceName(device), ops.getDeviceMajor(device), ops.getDeviceMinor(device),
                total / (1024.0 * 1024 * 1024), ops.getAvailableDevices());
    }
}

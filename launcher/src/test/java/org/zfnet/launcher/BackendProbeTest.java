package org.zfnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CUDA probe against a fake file system root: each missing piece gives its own reason. */
class BackendProbeTest {

    @TempDir
    Path root;
    private Distribution dist;
    private Path libs;

    @BeforeEach
    void distributionWithBothBackends() throws IOException {
        Path home = Files.createDirectories(root.resolve("zfnet"));
        Files.createDirectories(home.resolve("bundles/backend-cpu"));
        Files.createFile(home.resolve("bundles/backend-cpu/zfnet-backend-cpu.jar"));
        Files.createDirectories(home.resolve("bundles/backend-cuda"));
        Files.createFile(home.resolve("bundles/backend-cuda/zfnet-backend-cuda.jar"));
        dist = new Distribution(home);
        libs = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
    }

    private BackendProbe probe() {
        return new BackendProbe(dist, BackendProbe.linkerDirs(Map.of(), root), root);
    }

    @Test
    void cudaWithoutDriverNamesTheMissingLibrary() {
        assertEquals("unusable: no NVIDIA driver on this machine (libcuda.so.1 not found)", probe().cuda());
    }

    @Test
    void cudaWithDriverButNoDevice() throws IOException {
        Files.createFile(libs.resolve("libcuda.so.1"));
        assertTrue(probe().cuda().contains("no GPU device is visible"), probe().cuda());
    }

    @Test
    void cudaWithoutRuntimeAsksForCuda116() throws IOException {
        Files.createFile(libs.resolve("libcuda.so.1"));
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/nvidia0"));
        assertTrue(probe().cuda().contains("libcudart.so.11.0"), probe().cuda());
    }

    @Test
    void cudaUsableWhenDriverDeviceAndRuntimeArePresent() throws IOException {
        Files.createFile(libs.resolve("libcuda.so.1"));
        Files.createDirectories(root.resolve("dev"));
        Files.createFile(root.resolve("dev/nvidia0"));
        Path cuda = Files.createDirectories(root.resolve("opt/cuda-11.6/lib64"));
        Files.createFile(cuda.resolve("libcudart.so.11.0"));
        Files.createDirectories(root.resolve("etc/ld.so.conf.d"));
        Files.writeString(root.resolve("etc/ld.so.conf.d/cuda.conf"), "# CUDA\n/opt/cuda-11.6/lib64\n");
        assertEquals("usable", probe().cuda());
    }

    @Test
    void cudaNativesLeftOutOfTheBuildAreReported() throws IOException {
        Files.delete(dist.bundles("backend-cuda").resolve("zfnet-backend-cuda.jar"));
        assertTrue(probe().cuda().contains("-DskipCuda"), probe().cuda());
    }

    @Test
    void ldLibraryPathComesFirst() {
        List<Path> dirs = BackendProbe.linkerDirs(Map.of("LD_LIBRARY_PATH", "/a:/b"), root);
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), dirs.subList(0, 2));
    }

    @Test
    void autoPrefersCudaOnlyWhenUsable() throws LaunchException {
        assertEquals("cuda", BackendProbe.choose("auto", Map.of("cpu", "usable", "cuda", "usable")));
        assertEquals("cpu", BackendProbe.choose("auto", Map.of("cpu", "usable", "cuda", "unusable: x")));
        LaunchException e = assertThrows(LaunchException.class,
                () -> BackendProbe.choose("cuda", Map.of("cpu", "usable", "cuda", "unusable: no driver")));
        assertEquals(2, e.exitCode());
        assertEquals("the cuda backend is unusable: no driver", e.getMessage());
    }
}

package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.model.internal.Networks;

/** The container's network cache on real networks and CPU kernels: sharing, the byte budget, leases, stale files. */
class NetworkCacheTest {

    private static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
    private static final ModelSpec SPEC = new ModelSpec("small", "", List.of(3, 16, 16),
            new Preprocessing(16, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25)), List.of(), List.of(
                    LayerSpec.conv("conv1", 4, 3, 1, 1), LayerSpec.relu(), LayerSpec.maxpool("pool1", 2, 2, false),
                    LayerSpec.linear("fc", 5)));
    private static final Networks FACTORY = new Networks();

    /** Seeded random networks, counting the loads. */
    private final List<Network> loaded = new ArrayList<>();

    private Supplier<Network> random(long seed) {
        return () -> {
            Network n = FACTORY.random(SPEC, seed, CPU);
            loaded.add(n);
            return n;
        };
    }

    private static long size() {
        return NetworkCache.bytes(FACTORY.random(SPEC, 0, CPU));
    }

    private static boolean open(Network network) {
        try (INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 16, 16);
                ForwardTrace trace = network.forward(x)) {
            return trace.output(3).length() == 5;
        } catch (IllegalStateException closed) {
            assertTrue(closed.getMessage().contains("was closed"), closed.getMessage());
            return false;
        }
    }

    @Test
    void runAfterRunGetsTheNetworkLoadedOnce() {
        NetworkCache cache = new NetworkCache(10 * size());
        Network first;
        try (NetworkCache.Lease lease = cache.acquire("a", "", random(1))) {
            first = lease.network();
        }
        try (NetworkCache.Lease lease = cache.acquire("a", "", random(1))) {
            assertSame(first, lease.network());
        }
        assertEquals(1, loaded.size());
        NetworkCache.Counts counts = cache.counts();
        assertEquals(1, counts.loads());
        assertEquals(1, counts.hits());
        assertEquals(size(), counts.bytes());
        assertTrue(open(first), "an idle network within the budget stays loaded");
    }

    @Test
    void idleNetworksPastTheBudgetAreClosedLeastRecentlyUsedFirst() {
        NetworkCache cache = new NetworkCache(2 * size());
        cache.acquire("a", "", random(1)).close();
        cache.acquire("b", "", random(2)).close();
        cache.acquire("a", "", random(1)).close(); // a is now the more recently used
        cache.acquire("c", "", random(3)).close();
        assertEquals(3, loaded.size());
        Network a = loaded.get(0);
        Network b = loaded.get(1);
        Network c = loaded.get(2);
        assertTrue(open(a) && open(c), "the two most recently used stay");
        assertTrue(!open(b), "the least recently used one was closed");
        assertEquals(List.of(c, a), cache.entries().stream().map(NetworkCache.Row::network).toList());
        assertEquals(1, cache.counts().evictions());
    }

    @Test
    void aLeasedNetworkIsNeverClosedUnderItsRun() {
        NetworkCache cache = new NetworkCache(0);
        NetworkCache.Lease a = cache.acquire("a", "", random(1));
        NetworkCache.Lease b = cache.acquire("b", "", random(2));
        assertTrue(open(a.network()) && open(b.network()), "both leased: both open though past the budget");
        assertEquals(2, cache.entries().size());
        a.close();
        assertTrue(!open(a.network()), "released past the budget: closed");
        a.close(); // a second release does not take b's lease
        assertTrue(open(b.network()));
        b.close();
        assertTrue(!open(b.network()));
        assertEquals(List.of(), cache.entries());
    }

    @Test
    void aWeightsFileChangedOnDiskIsReadAgainAndTheOldNetworkClosedOnceIdle(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("w.safetensors");
        FACTORY.save(FACTORY.random(SPEC, 1, CPU), file);
        NetworkCache cache = new NetworkCache(10 * size());
        Supplier<Network> load = () -> FACTORY.load(SPEC, file, CPU);
        NetworkCache.Lease before = cache.acquire(file.toString(), FileStamp.of(file), load);
        float old = before.network().parameters().get("conv1.weight").getFloat(0);

        FACTORY.save(FACTORY.random(SPEC, 2, CPU), file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2_000));
        try (NetworkCache.Lease after = cache.acquire(file.toString(), FileStamp.of(file), load)) {
            assertNotSame(before.network(), after.network());
            float now = after.network().parameters().get("conv1.weight").getFloat(0);
            assertTrue(old != now, "the new file's weights: " + old + " then " + now);
            assertTrue(open(before.network()), "the stale network stays open while its run holds it");
            assertTrue(cache.entries().stream().anyMatch(NetworkCache.Row::stale));
        }
        before.close();
        assertTrue(!open(before.network()), "the stale network is closed once released");
        assertEquals(1, cache.entries().size());
    }

    @Test
    void closingTheCacheClosesEveryNetworkAndRefusesMore() {
        NetworkCache cache = new NetworkCache(10 * size());
        NetworkCache.Lease held = cache.acquire("a", "", random(1));
        cache.acquire("b", "", random(2)).close();
        cache.close();
        assertTrue(!open(loaded.get(0)) && !open(loaded.get(1)));
        assertDoesNotThrow(held::close);
        assertThrows(IllegalStateException.class, () -> cache.acquire("c", "", random(3)));
    }
}

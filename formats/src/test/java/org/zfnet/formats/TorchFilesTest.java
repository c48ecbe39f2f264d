package org.zfnet.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by torch.save (PyTorch 1.13) and hostile or broken ones; made by src/test/python/torch_fixtures.py. */
class TorchFilesTest {

    /** What the hostile pickles would create if anything in them ran. */
    private static final Path MARKER = Path.of("/tmp/zfnet-pwned");

    @TempDir
    Path dir;

    @Test
    void readsAStateDictExactlyAsTorchSavedIt() throws IOException {
        StateDict read = TorchFiles.read(seed("valid-state-dict"), "valid-state-dict");
        StateDict expected = expected("valid-state-dict");
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "4.weight", "4.bias"), List.copyOf(read.floats().keySet()));
        assertSameTensors(expected, read);
        assertArrayEquals(new long[] {1234}, read.integers().get("1.num_batches_tracked").data());
        assertArrayEquals(new long[] {4, 3, 3, 3}, read.floats().get("0.weight").shape());
    }

    @Test
    void readsHalfBfloatDoubleParametersAndStridedViewsOfOneStorage() throws IOException {
        StateDict read = TorchFiles.read(seed("valid-views-and-dtypes"), "views");
        assertSameTensors(expected("valid-views-and-dtypes"), read);
        // base = arange(24).reshape(4, 6) / 8: row = base[1], column = base[2:, 1], block = base[:2, 3:5]
        assertArrayEquals(new float[] {6 / 8f, 7 / 8f, 8 / 8f, 9 / 8f, 10 / 8f, 11 / 8f}, read.floats().get("row").data());
        assertArrayEquals(new float[] {13 / 8f, 19 / 8f}, read.floats().get("column").data());
        assertArrayEquals(new float[] {3 / 8f, 4 / 8f, 9 / 8f, 10 / 8f}, read.floats().get("block").data());
        assertSame(read.floats().get("block"), read.floats().get("block.again"));
        assertArrayEquals(new long[] {3, -1, 1L << 40}, read.integers().get("steps").data());
    }

    @Test
    void readsFromAFileAsFromItsBytes() throws IOException {
        Path file = dir.resolve("model.pth");
        Files.write(file, seed("valid-state-dict"));
        assertSameTensors(expected("valid-state-dict"), TorchFiles.read(file));
    }

    @Test
    void refusesPicklesThatWouldRunCodeAndRunsNothing() throws IOException {
        Files.deleteIfExists(MARKER);
        assertRefused("evil-os-system", "evil-os-system!evil-os-system/data.pkl: refused global posix.system: only a "
                + "state dict's tensors are read, nothing in the file is run (as torch.load(weights_only=True))");
        assertRefused("evil-eval", "refused global __builtin__.eval");
        assertRefused("evil-inst", "refused pickle opcode INST (0x69) at byte 30");
        assertRefused("evil-storage-call", "refused calling a torch.FloatStorage");
        assertFalse(Files.exists(MARKER), "a hostile pickle ran");
    }

    @Test
    void refusesTheLegacyFormatAndBrokenFilesWithOneLine() throws IOException {
        assertRefused("legacy-format", "legacy-format: a legacy (non-zip) PyTorch file, which is not read");
        assertRefused("truncated", "truncated: not a valid PyTorch zip file");
        assertRefused("wrong-storage-size", "storage '0' holds 12 bytes; 4 elements of FloatStorage need 16");
        assertRefused("storage-missing", "tensor 'w' needs storage archive/data/0, which the archive lacks");
        assertRefused("bad-persistent-id", "persistent id ('storage', FloatStorage, 0) is not ('storage', "
                + "storage type, key, location, numel)");
        assertRefused("huge-numel", "storage '0' of tensor 'w' declares 1099511627776 elements, more than one array");
        assertRefused("huge-shape", "tensor 'w' of shape [1048576, 1048576] has 1099511627776 elements");
        assertRefused("view-beyond-storage", "tensor 'w' of shape [4], strides [1] and offset 2 reaches beyond the 4 "
                + "elements (16 bytes) of its storage '0'");
        assertRefused("big-endian", "big-endian storages are not read");
        assertRefused("not-a-state-dict", "entry 'epoch' is a integer, not a tensor");
        FormatException notZip = assertThrows(FormatException.class, () -> TorchFiles.read(new byte[10], "x.pth"));
        assertEquals("x.pth: not a PyTorch zip file (torch.save(model.state_dict(), file)): no zip header",
                notZip.getMessage());
    }

    private static void assertRefused(String seed, String reason) throws IOException {
        FormatException e = assertThrows(FormatException.class, () -> TorchFiles.read(seed(seed), seed));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static void assertSameTensors(StateDict expected, StateDict read) {
        assertEquals(expected.floats().keySet(), read.floats().keySet());
        assertEquals(expected.integers().keySet(), read.integers().keySet());
        expected.floats().forEach((name, e) -> {
            assertArrayEquals(e.shape(), read.floats().get(name).shape(), name);
            assertArrayEquals(e.data(), read.floats().get(name).data(), 0f, name);
        });
        expected.integers().forEach((name, e) -> assertArrayEquals(e.data(), read.integers().get(name).data(), name));
    }

    /** The tensors of a seed as numpy saved them from PyTorch's. */
    private StateDict expected(String seed) throws IOException {
        Path npz = dir.resolve(seed + ".npz");
        try (InputStream in = TorchFilesTest.class.getResourceAsStream("torch-expected/" + seed + ".npz")) {
            Files.write(npz, in.readAllBytes());
        }
        return Npz.readStateDict(npz);
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = TorchFilesTest.class.getResourceAsStream("TorchFilesFuzzTestInputs/read/" + name)) {
            return in.readAllBytes();
        }
    }
}

package org.zfnet.formats;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary bytes as a PyTorch {@code .pth} file; seeds in {@code TorchFilesFuzzTestInputs/read}. */
class TorchFilesFuzzTest {

    @FuzzTest
    void read(byte[] input) {
        ReaderFuzzing.check(input, bytes -> TorchFiles.read(bytes, "fuzz.pth"));
    }
}

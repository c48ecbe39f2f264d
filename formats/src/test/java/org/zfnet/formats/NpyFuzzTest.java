package org.zfnet.formats;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary bytes as a {@code .npy} file, read and converted to float32; seeds in {@code NpyFuzzTestInputs/read}. */
class NpyFuzzTest {

    @FuzzTest
    void read(byte[] input) {
        ReaderFuzzing.check(input, bytes -> Npy.read(bytes, "fuzz.npy").toFloat("fuzz.npy"));
    }
}

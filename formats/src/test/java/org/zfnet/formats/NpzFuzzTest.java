package org.zfnet.formats;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary bytes as a {@code .npz} archive; seeds in {@code NpzFuzzTestInputs/read}. */
class NpzFuzzTest {

    @FuzzTest
    void read(byte[] input) {
        ReaderFuzzing.check(input, bytes -> Npz.readFloats(bytes, "fuzz.npz"));
    }
}

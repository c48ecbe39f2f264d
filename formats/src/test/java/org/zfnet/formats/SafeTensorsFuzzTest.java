package org.zfnet.formats;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary bytes as a safetensors file; seeds in {@code SafeTensorsFuzzTestInputs/read}. */
class SafeTensorsFuzzTest {

    @FuzzTest
    void read(byte[] input) {
        ReaderFuzzing.check(input, bytes -> SafeTensors.read(bytes, "fuzz.safetensors"));
    }
}

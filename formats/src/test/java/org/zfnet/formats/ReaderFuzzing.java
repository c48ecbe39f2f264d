package org.zfnet.formats;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.Consumer;

/**
 * What the fuzz tests check of a reader given arbitrary bytes: it returns or throws a {@link FormatException}
 * with a message (any other exception escapes and is a finding), and it allocates no more than the input can
 * justify, so that a size field's claim is checked before anything that large is allocated.
 */
final class ReaderFuzzing {

    /**
     * Allocation allowed for any input, plus {@link #PER_INPUT_BYTE} per input byte: a deflated zip entry
     * legitimately expands up to about 1032 times, and the readers hold a few copies of the data.
     */
    private static final long BASE_ALLOCATION = 64L << 20;
    private static final long PER_INPUT_BYTE = 4 * 1032;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ReaderFuzzing() {
    }

    static void check(byte[] input, Consumer<byte[]> reader) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            reader.accept(input);
        } catch (FormatException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a FormatException without a message");
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long allowed = BASE_ALLOCATION + PER_INPUT_BYTE * input.length;
        assertTrue(allocated <= allowed, "reading " + input.length + " bytes allocated " + allocated + " bytes");
    }
}

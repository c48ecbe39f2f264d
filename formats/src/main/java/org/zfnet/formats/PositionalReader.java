package org.zfnet.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional reads, like {@link FileChannel#read(ByteBuffer, long)}: bytes read, or -1 at the end. The readers that
 * seek (safetensors, PyTorch's zip archives) read files and, for fuzzing, byte arrays through it.
 */
interface PositionalReader {

    int read(ByteBuffer buffer, long position) throws IOException;

    static PositionalReader of(byte[] bytes) {
        return (buffer, position) -> {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(buffer.remaining(), bytes.length - position);
            buffer.put(bytes, (int) position, n);
            return n;
        };
    }

    /** Fills {@code buffer} from {@code position}, or fails naming {@code source} where the file ends too soon. */
    static void readFully(PositionalReader channel, ByteBuffer buffer, long position, String source)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new FormatException(source + ": truncated at byte " + at);
            }
            at += n;
        }
    }
}

package org.zfnet.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored (uncompressed) entries of a zip archive, found through its central directory (zip64 included), as
 * PyTorch's archives need: torch.save writes stored entries with data descriptors, which a streaming zip reader
 * cannot read. Every size and offset is checked against the file before anything is allocated.
 */
final class StoredZip {

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final int MAX_COMMENT = 0xffff;

    /** An entry's bytes lie at {@code [start, start + size)} of the file. */
    record Entry(String name, long start, long size) {
    }

    private final PositionalReader file;
    private final long size;
    private final String source;

    private StoredZip(PositionalReader file, long size, String source) {
        this.file = file;
        this.size = size;
        this.source = source;
    }

    /** The entries by name, in central directory order. */
    static Map<String, Entry> entries(PositionalReader file, long size, String source) throws IOException {
        return new StoredZip(file, size, source).entries();
    }

    /** An entry's bytes; its size was checked against the file already. */
    static byte[] bytes(PositionalReader file, Entry entry, String source) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) entry.size());
        PositionalReader.readFully(file, b, entry.start(), source);
        return b.array();
    }

    private Map<String, Entry> entries() throws IOException {
        int tail = (int) Math.min(size, 22 + MAX_COMMENT);
        ByteBuffer end = read(size - tail, tail);
        int at = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == EOCD) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw bad("no end of central directory record");
        }
        long eocd = size - tail + at;
        long count = end.getShort(at + 10) & 0xffffL;
        long cdSize = end.getInt(at + 12) & 0xffffffffL;
        long cdOffset = end.getInt(at + 16) & 0xffffffffL;
        if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            if (eocd < 20 || read(eocd - 20, 4).getInt(0) != ZIP64_LOCATOR) {
                throw bad("a zip64 archive without its zip64 locator");
            }
            long zip64 = read(eocd - 20 + 8, 8).getLong(0);
            ByteBuffer record = read(zip64, 56);
            if (record.getInt(0) != ZIP64_EOCD) {
                throw bad("no zip64 end of central directory record at byte " + zip64);
            }
            cdSize = record.getLong(40);
            cdOffset = record.getLong(48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdSize > eocd || cdOffset > eocd - cdSize) {
            throw bad("central directory of " + cdSize + " bytes at byte " + cdOffset + " lies outside the file");
        }
        ByteBuffer cd = read(cdOffset, cdSize);
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (cd.remaining() > 0) {
            Entry entry = entry(cd);
            if (entries.put(entry.name(), entry) != null) {
                throw bad("entry " + entry.name() + " appears twice");
            }
        }
        return entries;
    }

    private Entry entry(ByteBuffer cd) throws IOException {
        int at = cd.position();
        if (cd.remaining() < 46 || cd.getInt(at) != CENTRAL) {
            throw bad("central directory entry " + (at) + " bytes in is malformed");
        }
        int method = cd.getShort(at + 10) & 0xffff;
        long compressed = cd.getInt(at + 20) & 0xffffffffL;
        long uncompressed = cd.getInt(at + 24) & 0xffffffffL;
        int nameLength = cd.getShort(at + 28) & 0xffff;
        int extraLength = cd.getShort(at + 30) & 0xffff;
        int commentLength = cd.getShort(at + 32) & 0xffff;
        long local = cd.getInt(at + 42) & 0xffffffffL;
        if (cd.remaining() < 46 + nameLength + extraLength + commentLength) {
            throw bad("central directory entry " + at + " bytes in runs past the directory");
        }
        String name = utf8(cd.slice(at + 46, nameLength));
        ByteBuffer extra = cd.slice(at + 46 + nameLength, extraLength).order(ByteOrder.LITTLE_ENDIAN);
        cd.position(at + 46 + nameLength + extraLength + commentLength);
        while (extra.remaining() >= 4) {
            int id = extra.getShort() & 0xffff;
            int length = extra.getShort() & 0xffff;
            if (length > extra.remaining()) {
                throw bad("entry " + name + " has a malformed extra field");
            }
            ByteBuffer field = extra.slice(extra.position(), length).order(ByteOrder.LITTLE_ENDIAN);
            extra.position(extra.position() + length);
            if (id == 1) { // zip64: the 8-byte values of the fields that hold 0xffffffff, in this order
                uncompressed = uncompressed == 0xffffffffL ? zip64(field, name) : uncompressed;
                compressed = compressed == 0xffffffffL ? zip64(field, name) : compressed;
                local = local == 0xffffffffL ? zip64(field, name) : local;
            }
        }
        if (method != 0) {
            throw bad("entry " + name + " is compressed (method " + method + "); PyTorch archives store entries "
                    + "uncompressed");
        }
        if (compressed != uncompressed) {
            throw bad("entry " + name + " is stored but declares " + compressed + " bytes stored and " + uncompressed
                    + " uncompressed");
        }
        ByteBuffer header = read(local, 30);
        if (header.getInt(0) != LOCAL) {
            throw bad("entry " + name + " has no local header at byte " + local);
        }
        long start = local + 30 + (header.getShort(26) & 0xffff) + (header.getShort(28) & 0xffff);
        if (compressed < 0 || start > size || compressed > size - start) {
            throw bad("entry " + name + " of " + compressed + " bytes at byte " + start + " runs past the end of the "
                    + size + "-byte file");
        }
        return new Entry(name, start, compressed);
    }

    private long zip64(ByteBuffer field, String name) {
        if (field.remaining() < 8) {
            throw bad("entry " + name + " has a short zip64 extra field");
        }
        return field.getLong();
    }

    private ByteBuffer read(long position, long length) throws IOException {
        if (position < 0 || length < 0 || position > size || length > size - position) {
            throw bad(length + " bytes at byte " + position + " lie outside the " + size + "-byte file");
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw bad("a central directory of " + length + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        PositionalReader.readFully(file, b, position, source);
        return b.flip();
    }

    private String utf8(ByteBuffer b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b).toString();
        } catch (CharacterCodingException e) {
            throw bad("an entry name is not valid UTF-8");
        }
    }

    private FormatException bad(String what) {
        return new FormatException(source + ": not a valid PyTorch zip file: " + what);
    }
}

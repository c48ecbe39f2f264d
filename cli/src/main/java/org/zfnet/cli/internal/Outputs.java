package org.zfnet.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.formats.AtomicFiles;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.IntArray;
import org.zfnet.formats.Npy;

/** The one writer: arrays as {@code .npy}, summaries as JSON, each written atomically under {@code --out}. */
final class Outputs {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    Outputs(Path dir) {
        if (dir == null) {
            throw new InvalidInputException("no --out folder given");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("--out " + dir + " is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create --out folder " + dir + ": " + e.getMessage());
        }
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** {@code <name>.npy}: float32, or int32 for integer arrays. */
    Path array(String name, INDArray a) {
        Path file = dir.resolve(name + ".npy");
        if (a.dataType().isIntType()) {
            try (INDArray ints = a.castTo(DataType.INT32).dup('c')) {
                Npy.write(file, new IntArray(a.shape(), HostArrays.ints(ints)));
            }
        } else {
            try (INDArray floats = a.castTo(DataType.FLOAT).dup('c')) {
                Npy.write(file, new FloatArray(a.shape(), HostArrays.floats(floats)));
            }
        }
        return file;
    }

    Path json(String name, Object value) {
        Path file = dir.resolve(name);
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name + " as JSON", e);
        }
        AtomicFiles.write(file, out -> out.write(bytes));
        return file;
    }
}

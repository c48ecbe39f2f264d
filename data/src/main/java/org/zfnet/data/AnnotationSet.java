package org.zfnet.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.zfnet.api.InvalidInputException;

/**
 * The annotations of one split of a procedural dataset, stored as {@code annotations.json} beside the class
 * folders.
 *
 * @param classes class names by label
 * @param size    image side in pixels
 * @param seed    the seed the split was rendered from
 * @param images  one annotation per image
 */
public record AnnotationSet(List<String> classes, int size, long seed, List<Annotation> images) {

    public static final String FILE = "annotations.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static AnnotationSet read(Path splitDir) {
        Path file = splitDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(splitDir + " has no " + FILE + " (generate it with 'zfnet dataset generate')");
        }
        try {
            return JSON.readValue(file.toFile(), AnnotationSet.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a valid annotation file: " + e.getMessage());
        }
    }

    /** The annotation of an image, by its path relative to the split folder. */
    public Annotation find(String relativeFile) {
        return images.stream().filter(a -> a.file().equals(relativeFile)).findFirst()
                .orElseThrow(() -> new InvalidInputException("no annotation for " + relativeFile));
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] toBytes() {
        return (toJson() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}

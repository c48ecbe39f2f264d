package org.zfnet.model.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.formats.AtomicFiles;
import org.zfnet.formats.FileErrors;

/** Model specs as JSON: strict on reading (unknown fields are errors), indented on writing. */
final class SpecJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private SpecJson() {
    }

    /** Reads and checks a spec; the message names the file, the place and the problem. */
    static ModelSpec read(Path file) {
        FileErrors.requireRegularFile(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + FileErrors.reason(e, file));
        }
        return read(text, file.toString());
    }

    /** Reads and checks a spec given as text, as {@link #read(Path)} does a file's; {@code source} names it. */
    static ModelSpec read(String text, String source) {
        return checked(parse(text, source), source);
    }

    /** The spec once compiled without a problem; a problem's message starts with {@code source}. */
    static ModelSpec checked(ModelSpec spec, String source) {
        try {
            CompiledSpec.of(spec);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
        return spec;
    }

    static ModelSpec parse(String text, String source) {
        try {
            ModelSpec spec = JSON.readValue(text, ModelSpec.class);
            if (spec == null) {
                throw new InvalidInputException(source + ": empty model spec");
            }
            return spec;
        } catch (UnrecognizedPropertyException e) {
            String container = path(e.getPath().subList(0, Math.max(0, e.getPath().size() - 1)));
            throw new InvalidInputException(source + ": unknown field '" + e.getPropertyName() + "' in "
                    + container + " (known: " + e.getKnownPropertyIds() + ")");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonProcessingException cause) {
                throw notJson(source, cause);
            }
            throw new InvalidInputException(source + ": " + plain(e.getOriginalMessage()) + " at " + path(e.getPath()));
        } catch (JsonProcessingException e) {
            throw notJson(source, e);
        }
    }

    private static InvalidInputException notJson(String source, JsonProcessingException e) {
        return new InvalidInputException(source + ": not valid JSON: " + plain(e.getOriginalMessage())
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")"));
    }

    /** Jackson's message without its parser-internal source descriptions. */
    private static String plain(String message) {
        return message.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\][^)]*\\)", "")
                .replaceAll("\\s*\\[Source:[^\\]]*\\]", "").strip();
    }

    static String write(ModelSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write spec " + spec.name(), e);
        }
    }

    static void write(ModelSpec spec, Path file) {
        byte[] bytes = (write(spec) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** {@code layers[3].kernal} style location of a mapping problem. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder p = new StringBuilder();
        for (JsonMappingException.Reference r : references) {
            if (r.getIndex() >= 0) {
                p.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                p.append(p.length() == 0 ? "" : ".").append(r.getFieldName());
            }
        }
        return p.length() == 0 ? "the top level" : p.toString();
    }
}

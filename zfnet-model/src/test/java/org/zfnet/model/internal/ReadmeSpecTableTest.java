package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's tables of layer types and fields are rendered from the spec schema, so that they say what the schema
 * (and through {@link SpecSchemaTest}, the code) says. On a drift the failure gives the text to paste.
 */
class ReadmeSpecTableTest {

    static final String BEGIN = "<!-- spec tables: rendered from zfnet-model/src/main/resources/org/zfnet/model/"
            + "spec.schema.json, checked by ReadmeSpecTableTest -->";
    static final String END = "<!-- end of spec tables -->";

    @Test
    void theReadmeHasTheTablesTheSchemaRenders() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        String expected = render(SpecSchemaTest.tree());
        assertTrue(begin >= 0 && end > begin, "README.md lacks the spec tables; put this where the spec format is "
                + "described:\n" + expected);
        assertEquals(expected, readme.substring(begin, end + END.length()),
                "README.md's spec tables against the schema; the expected text is the one to paste");
    }

    /** The three tables, between their markers: the spec's properties, the layer types, the layers' fields. */
    static String render(JsonNode schema) {
        JsonNode defs = schema.path("$defs");
        StringBuilder md = new StringBuilder(BEGIN).append('\n');
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        md.append("| spec property | value | meaning |\n|---|---|---|\n");
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
            String name = "`" + p.getKey() + "`";
            md.append("| ").append(required.contains(p.getKey()) ? "**" + name + "**" : name).append(" | ")
                    .append(value(p.getValue())).append(" | ").append(p.getValue().path("description").asText())
                    .append(" |\n");
        }
        md.append("\n| layer type | fields (**required**) | inputs | what it computes |\n|---|---|---|---|\n");
        for (JsonNode type : defs.path("layer").path("properties").path("type").path("enum")) {
            JsonNode layer = defs.path(type.asText() + "-layer");
            List<String> needed = new ArrayList<>();
            layer.path("required").forEach(r -> needed.add(r.asText()));
            List<String> fields = new ArrayList<>();
            for (Map.Entry<String, JsonNode> p : layer.path("properties").properties()) {
                if (!p.getKey().equals("type") && !p.getKey().equals("inputs")) {
                    String f = "`" + p.getKey() + "`";
                    fields.add(needed.contains(p.getKey()) ? "**" + f + "**" : f);
                }
            }
            JsonNode inputs = layer.path("properties").path("inputs");
            String taken = inputs.path("maxItems").asInt(-1) == 1 ? "one"
                    : inputs.path("minItems").asInt() + " or more" + (needed.contains("inputs") ? ", **`inputs`**" : "");
            md.append("| `").append(type.asText()).append("` | ").append(String.join(", ", fields)).append(" | ")
                    .append(taken).append(" | ").append(layer.path("description").asText()).append(" |\n");
        }
        md.append("\n| field | value | meaning |\n|---|---|---|\n");
        List<String> fields = new ArrayList<>(List.of("name", "inputs"));
        for (JsonNode type : defs.path("layer").path("properties").path("type").path("enum")) {
            defs.path(type.asText() + "-layer").path("properties").fieldNames().forEachRemaining(f -> {
                if (!f.equals("type") && !fields.contains(f)) {
                    fields.add(f);
                }
            });
        }
        for (String f : fields) {
            JsonNode field = defs.path(f);
            md.append("| `").append(f).append("` | ").append(value(field)).append(" | ")
                    .append(field.path("description").asText()).append(" |\n");
        }
        return md.append(END).toString();
    }

    /** A field's values in words: {@code whole number ≥ 1}, {@code [4 whole numbers ≥ 0]}, ... */
    private static String value(JsonNode field) {
        if (field.has("$ref")) {
            String ref = field.get("$ref").asText();
            return ref.substring(ref.lastIndexOf('/') + 1);
        }
        String type = field.path("type").asText();
        List<String> bounds = new ArrayList<>();
        if (field.has("minimum")) {
            bounds.add("≥ " + number(field.get("minimum")));
        }
        if (field.has("exclusiveMinimum")) {
            bounds.add("> " + number(field.get("exclusiveMinimum")));
        }
        if (field.has("exclusiveMaximum")) {
            bounds.add("< " + number(field.get("exclusiveMaximum")));
        }
        String bound = bounds.isEmpty() ? "" : " " + String.join(", ", bounds);
        return switch (type) {
            case "integer" -> "whole number" + bound;
            case "number" -> "number" + bound;
            case "boolean" -> "`true` or `false`";
            case "string" -> "string";
            case "object" -> "{" + String.join(", ", names(field.path("properties"))) + "}";
            case "array" -> "[" + (field.has("minItems") && field.path("minItems").equals(field.path("maxItems"))
                    ? field.get("minItems").asInt() + " " : "") + plural(value(field.path("items"))) + "]";
            default -> throw new IllegalStateException("no words for a field of type " + type + ": " + field);
        };
    }

    private static String plural(String value) {
        return value.replaceFirst("^(whole number|number|string|layer)", "$1s");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String number(JsonNode n) {
        return n.isIntegralNumber() ? Long.toString(n.asLong()) : n.asText();
    }
}

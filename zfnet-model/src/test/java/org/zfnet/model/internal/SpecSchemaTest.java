package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.api.model.ModelProvider;
import org.zfnet.model.internal.layers.LayerType;
import org.zfnet.model.internal.layers.LayerTypes;

/**
 * The spec schema the model bundle publishes, {@code org/zfnet/model/spec.schema.json}, says what the code reads: the
 * layer types of {@link LayerTypes} with exactly the fields each declares, the spec records' properties, every built-in
 * and example spec valid, broken specs not, and each field it calls required one the code cannot do without.
 */
class SpecSchemaTest {

    static final String RESOURCE = "/org/zfnet/model/spec.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The properties every layer takes besides its type's fields. */
    private static final Set<String> COMMON = Set.of("type", "name", "inputs");

    /** The schema as a tree, to compare its parts with the code. */
    static JsonNode tree() {
        try (InputStream in = SpecSchemaTest.class.getResourceAsStream(RESOURCE)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema as a validator of draft 2020-12. */
    private static Schema validator() {
        try (InputStream in = SpecSchemaTest.class.getResourceAsStream(RESOURCE)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Schema SCHEMA = validator();

    private static List<Error> errors(String spec) {
        return SCHEMA.validate(spec, InputFormat.JSON);
    }

    private static Set<String> names(Iterator<String> it) {
        Set<String> s = new TreeSet<>();
        it.forEachRemaining(s::add);
        return s;
    }

    private static JsonNode layerSchema(String type) {
        return tree().path("$defs").path(type + "-layer");
    }

    @Test
    void everyLayerTypeHasExactlyTheFieldsItsDefinitionDeclares() {
        JsonNode defs = tree().path("$defs");
        Set<String> enumerated = new TreeSet<>();
        defs.path("layer").path("properties").path("type").path("enum").forEach(t -> enumerated.add(t.asText()));
        assertEquals(new TreeSet<>(LayerTypes.names()), enumerated, "the schema's layer types against LayerTypes");
        Set<String> dispatched = new TreeSet<>();
        for (JsonNode rule : defs.path("layer").path("allOf")) {
            String type = rule.path("if").path("properties").path("type").path("const").asText();
            assertEquals("#/$defs/" + type + "-layer", rule.path("then").path("$ref").asText(), type);
            dispatched.add(type);
        }
        assertEquals(enumerated, dispatched, "each type has its if-then rule");
        Set<String> typeDefs = new TreeSet<>();
        defs.fieldNames().forEachRemaining(n -> {
            if (n.endsWith("-layer")) {
                typeDefs.add(n.substring(0, n.length() - "-layer".length()));
            }
        });
        assertEquals(enumerated, typeDefs, "a definition per type, and none for a type the code lacks");
        for (String name : LayerTypes.names()) {
            LayerType type = LayerTypes.of(name);
            JsonNode layer = layerSchema(name);
            Set<String> fields = names(layer.path("properties").fieldNames());
            assertTrue(fields.containsAll(COMMON), name + " takes type, name and inputs");
            fields.removeAll(COMMON);
            assertEquals(new TreeSet<>(type.fields()), fields, "fields of " + name);
            assertFalse(layer.path("additionalProperties").asBoolean(true), name + " refuses other properties");
            assertEquals(name, layer.path("properties").path("type").path("const").asText());
            Set<String> required = new HashSet<>();
            layer.path("required").forEach(r -> required.add(r.asText()));
            assertEquals(type.hasParameters(), required.contains("name"), name + ": a name is required iff it has "
                    + "parameters");
            assertEquals(type.minInputs() > 1, required.contains("inputs"), name + ": inputs required iff it joins");
            JsonNode inputs = layer.path("properties").path("inputs");
            assertEquals(type.minInputs(), inputs.path("minItems").asInt(), name + " fewest inputs");
            assertEquals(type.maxInputs() == Integer.MAX_VALUE ? -1 : type.maxInputs(),
                    inputs.path("maxItems").asInt(-1), name + " most inputs");
        }
    }

    @Test
    void theSchemaDescribesEveryPropertyOfTheSpecRecords() {
        JsonNode schema = tree();
        JsonNode defs = schema.path("$defs");
        assertEquals(components(ModelSpec.class), names(schema.path("properties").fieldNames()), "ModelSpec");
        assertEquals(components(Preprocessing.class),
                names(schema.path("properties").path("preprocessing").path("properties").fieldNames()), "Preprocessing");
        Set<String> fields = components(LayerSpec.class);
        fields.removeAll(COMMON);
        Set<String> declared = new TreeSet<>();
        LayerTypes.names().forEach(t -> declared.addAll(LayerTypes.of(t).fields()));
        assertEquals(fields, declared, "every LayerSpec field is some type's");
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(schema, defs, "#", undescribed);
        assertEquals(List.of(), undescribed, "properties without a description");
    }

    private static Set<String> components(Class<? extends Record> type) {
        Set<String> s = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).forEach(s::add);
        return s;
    }

    /** Every property schema, or the one its $ref names, has a description. */
    private static void collectUndescribed(JsonNode node, JsonNode defs, String at, List<String> undescribed) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> p : node.path("properties").properties()) {
                JsonNode property = p.getValue();
                JsonNode target = property.has("$ref")
                        ? defs.path(property.get("$ref").asText().substring("#/$defs/".length())) : property;
                if (!property.has("description") && !target.has("description")) {
                    undescribed.add(at + "/" + p.getKey());
                }
            }
            node.properties().stream().filter(e -> !e.getKey().equals("if")) // conditions, not properties
                    .forEach(e -> collectUndescribed(e.getValue(), defs, at + "/" + e.getKey(), undescribed));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUndescribed(node.get(i), defs, at + "/" + i, undescribed);
            }
        }
    }

    /** The specs the model bundle ships: each ModelProvider component of this package. */
    static Map<String, ModelSpec> builtIn() {
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        List<ModelProvider> providers = new ArrayList<>(List.of(new ZfnetModel(), new ZfnetMiniModel()));
        for (Class<?> c : TorchvisionModels.class.getDeclaredClasses()) {
            if (ModelProvider.class.isAssignableFrom(c)) {
                try {
                    providers.add((ModelProvider) c.getDeclaredConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(c + " cannot be made", e);
                }
            }
        }
        providers.forEach(p -> specs.put(p.spec().name(), p.spec()));
        return specs;
    }

    /**
     * The spec files of the repository (tests' resources, examples) that the code reads without complaint, by path;
     * files the code refuses on purpose (the fuzz test's bad inputs) are left out.
     */
    static Map<String, String> exampleFiles() throws IOException {
        Map<String, String> specs = new LinkedHashMap<>();
        Path root = Path.of("..").toRealPath();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json") && !f.toString().contains("/target/")
                    && !f.toString().contains("/.git/") && !f.toString().contains("/node_modules/")).sorted().toList()) {
                String text = Files.readString(f);
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (IOException notJson) {
                    continue;
                }
                if (node != null && node.isObject() && node.has("layers")) {
                    try {
                        SpecJson.read(text, f.toString());
                        specs.put(root.relativize(f).toString(), text);
                    } catch (InvalidInputException refused) {
                        // a bad input of a test; the schema need not catch what only shapes reveal
                    }
                }
            }
        }
        return specs;
    }

    @Test
    void everyBuiltInSpecIsValid() {
        Map<String, ModelSpec> specs = builtIn();
        assertTrue(specs.keySet().containsAll(List.of("zfnet", "zfnet-mini", "alexnet", "resnet50", "mobilenet_v2",
                "densenet121")), "built-in specs found: " + specs.keySet());
        specs.forEach((name, spec) -> assertEquals(List.of(), errors(SpecJson.write(spec)), name));
    }

    @Test
    void everySpecFileOfTheRepositoryThatTheCodeReadsIsValid() throws IOException {
        Map<String, String> files = exampleFiles();
        assertTrue(files.size() >= 8, "spec files found: " + files.keySet());
        files.forEach((path, text) -> assertEquals(List.of(), errors(text), path));
    }

    private static final String TINY = """
            {"name": "tiny", "input": [1, 8, 8], "layers": [
              {"type": "conv", "name": "c1", "out": 2, "kernel": 3, "pad": 1}, {"type": "relu"},
              {"type": "flatten"}, {"type": "linear", "name": "fc", "out": 3}, {"type": "softmax", "name": "prob"}]}""";

    /** {@link #TINY} with its layer {@code index} changed. */
    private static String tinyWith(int index, java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectNode spec = (ObjectNode) JSON.readTree(TINY);
        change.accept((ObjectNode) spec.withArray("layers").get(index));
        return JSON.writeValueAsString(spec);
    }

    @Test
    void brokenSpecsAreInvalidAndTheCodeRefusesThemToo() throws IOException {
        assertEquals(List.of(), errors(TINY), "the spec the broken ones are made from");
        SpecJson.read(TINY, "tiny");
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("unknown type", tinyWith(1, l -> l.put("type", "rectifier")));
        broken.put("missing kernel", tinyWith(0, l -> l.remove("kernel")));
        broken.put("missing name of a layer with parameters", tinyWith(3, l -> l.remove("name")));
        broken.put("kernel as text", tinyWith(0, l -> l.put("kernel", "three")));
        broken.put("bias as a number", tinyWith(0, l -> l.put("bias", 1.5)));
        broken.put("field of another type", tinyWith(1, l -> l.put("kernel", 3)));
        broken.put("pad and pads", tinyWith(0, l -> l.putArray("pads").add(1).add(1).add(1).add(1)));
        broken.put("pads of three", tinyWith(0, l -> {
            l.remove("pad");
            l.putArray("pads").add(1).add(1).add(1);
        }));
        broken.put("two inputs to a conv", tinyWith(0, l -> l.putArray("inputs").add("input").add("input")));
        broken.put("the name 'input'", tinyWith(4, l -> l.put("name", "input")));
        broken.put("unknown top-level property", TINY.replaceFirst("\"tiny\",", "\"tiny\", \"author\": \"me\","));
        broken.put("input of two extents", TINY.replace("[1, 8, 8]", "[8, 8]"));
        broken.put("no layers", "{\"name\": \"tiny\", \"input\": [1, 8, 8], \"layers\": []}");
        broken.forEach((what, text) -> {
            assertFalse(errors(text).isEmpty(), what + " passes the schema: " + text);
            assertThrows(InvalidInputException.class, () -> SpecJson.read(text, what), what + " passes the code");
        });
    }

    /**
     * What the schema calls required, the code needs: each layer of the built-in and example specs without one of its
     * required properties is refused by the schema and by the code.
     */
    @Test
    void everyRequiredFieldIsOneTheCodeCannotDoWithout() throws IOException {
        List<String> specs = new ArrayList<>();
        builtIn().values().forEach(s -> specs.add(SpecJson.write(s)));
        specs.addAll(exampleFiles().values());
        Set<String> typesSeen = new TreeSet<>();
        Set<String> checked = new HashSet<>();
        for (String text : specs) {
            JsonNode spec = JSON.readTree(text);
            ArrayNode layers = (ArrayNode) spec.path("layers");
            for (int i = 0; i < layers.size(); i++) {
                String type = layers.get(i).path("type").asText();
                typesSeen.add(type);
                for (JsonNode r : layerSchema(type).path("required")) {
                    String field = r.asText();
                    if (field.equals("type") || !checked.add(type + "." + field)) {
                        continue; // type: the unknown-type case above; one layer per type and field suffices
                    }
                    ObjectNode without = spec.deepCopy();
                    ((ObjectNode) without.withArray("layers").get(i)).remove(field);
                    String broken = JSON.writeValueAsString(without);
                    assertFalse(errors(broken).isEmpty(), type + " without " + field + " passes the schema");
                    assertThrows(InvalidInputException.class, () -> SpecJson.read(broken, type + " without " + field),
                            type + " without " + field + " passes the code");
                }
            }
        }
        Set<String> withRequired = new TreeSet<>();
        for (String t : LayerTypes.names()) {
            layerSchema(t).path("required").forEach(r -> {
                if (!r.asText().equals("type")) {
                    withRequired.add(t);
                }
            });
        }
        assertTrue(typesSeen.containsAll(withRequired), "types with required fields the specs do not show: "
                + withRequired + " against " + typesSeen);
    }
}

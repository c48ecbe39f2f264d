package org.zfnet.model.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.NetworkFactory;
import org.zfnet.formats.SafeTensors;
import org.zfnet.model.internal.onnx.OnnxReader;

/** The {@link NetworkFactory} service: specs and weights in, networks out. */
@Component(service = NetworkFactory.class)
public class Networks implements NetworkFactory {

    @Override
    public ModelSpec readSpec(Path json) {
        return ImageNetLabels.orOwn(OnnxReader.isOnnx(json)
                ? SpecJson.checked(OnnxReader.read(json).spec(), json.toString()) : SpecJson.read(json));
    }

    @Override
    public void writeSpec(ModelSpec spec, Path json) {
        CompiledSpec.of(spec);
        SpecJson.write(spec, json);
    }

    @Override
    public List<LayerSummary> summarize(ModelSpec spec) {
        return List.copyOf(CompiledSpec.of(spec).summary);
    }

    @Override
    public Network load(ModelSpec spec, Path weights, ComputeBackend backend) {
        CompiledSpec compiled = CompiledSpec.of(spec);
        return new GraphNetwork(compiled, Weights.toArrays(Weights.read(weights, compiled)), backend,
                weights.toAbsolutePath().toString());
    }

    @Override
    public Network load(ModelSpec spec, URL weights, ComputeBackend backend) {
        CompiledSpec compiled = CompiledSpec.of(spec);
        Path temp = null;
        try (InputStream in = weights.openStream()) {
            temp = Files.createTempFile("zfnet-weights-", ".safetensors");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            return new GraphNetwork(compiled, Weights.toArrays(Weights.read(temp, compiled)), backend,
                    "weights shipped with " + spec.name() + " (" + weights.getPath().replaceFirst(".*/", "") + ")");
        } catch (IOException e) {
            throw new ZfnetException("cannot read weights " + weights + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray temporary file
                }
            }
        }
    }

    @Override
    public Network random(ModelSpec spec, long seed, ComputeBackend backend) {
        CompiledSpec compiled = CompiledSpec.of(spec);
        return new GraphNetwork(compiled, Weights.toArrays(Weights.he(compiled, seed)), backend,
                "random He initialisation (seed " + seed + ")");
    }

    @Override
    public void save(Network network, Path safetensors) {
        SafeTensors.write(safetensors, Weights.fromArrays(network.parameters()),
                Map.of("model", network.spec().name(), "format", "pt"));
    }
}

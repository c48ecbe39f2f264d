package org.zfnet.api.model;

import java.net.URL;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import org.zfnet.api.dto.ModelSpec;

/**
 * A model a bundle ships, registered with the service property {@value #MODEL_PROPERTY} = its name,
 * and chosen with {@code --model <name>}.
 */
@ConsumerType
public interface ModelProvider {

    /** Service property naming the model. */
    String MODEL_PROPERTY = "zfnet.model";

    ModelSpec spec();

    /** Trained weights shipped with the model (safetensors), if any. */
    default Optional<URL> weights() {
        return Optional.empty();
    }
}

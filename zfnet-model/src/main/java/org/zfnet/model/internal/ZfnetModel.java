package org.zfnet.model.internal;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ModelProvider;

/** {@code --model zfnet}: the paper's network for the 1000 ImageNet classes, with random weights unless given. */
@Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=zfnet")
public class ZfnetModel implements ModelProvider {

    @Override
    public ModelSpec spec() {
        return ImageNetLabels.orOwn(BuiltInSpecs.zfnet(1000, List.of()));
    }
}

package org.zfnet.model.internal;

import java.net.URL;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.api.model.ModelProvider;

/**
 * {@code --model zfnet-mini}: the demo model. ZFNet's layer sequence at a third of its width for 3x112x112
 * inputs (conv1 54x54, pool1 27, conv2 12, pool2 6, conv3-5 6x6, pool5 3x3), trained by zfnet's own trainer
 * on the procedural dataset; its weights ship in this bundle.
 */
@Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=zfnet-mini")
public class ZfnetMiniModel implements ModelProvider {

    static final String WEIGHTS = "/org/zfnet/model/zfnet-mini.safetensors";

    /** The procedural dataset's classes, in label order (alphabetical, as its class folders sort). */
    static final List<String> CLASSES = List.of("boat", "car", "face", "flower", "house", "tree");

    @Override
    public ModelSpec spec() {
        return new ModelSpec("zfnet-mini", "ZFNet's layers at reduced width for 3x112x112, trained on the procedural "
                + "dataset (demo)", List.of(3, 112, 112), new Preprocessing(128, List.of(0.485, 0.456, 0.406),
                List.of(0.229, 0.224, 0.225)), CLASSES,
                BuiltInSpecs.zfnetLayers(new int[] {32, 64, 96, 96, 64}, 256, CLASSES.size()));
    }

    @Override
    public Optional<URL> weights() {
        return Optional.ofNullable(ZfnetMiniModel.class.getResource(WEIGHTS));
    }
}

package org.zfnet.model.internal;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.api.model.ModelProvider;

/**
 * {@code --model alexnet}, {@code vgg16}, {@code resnet50}, ...: torchvision's classic ImageNet CNNs at full size
 * ({@link TorchvisionSpecs}), for 3x224x224 images preprocessed torchvision's way, with the ImageNet class names;
 * weights from {@code --weights} (a torchvision state dict saved by name), else random. One component per model.
 */
public final class TorchvisionModels {

    private static final int CLASSES = 1000;

    private TorchvisionModels() {
    }

    static ModelSpec spec(String name, String description, List<LayerSpec> layers) {
        return ImageNetLabels.orOwn(new ModelSpec(name, description + " (torchvision 0.14 names)",
                List.of(3, 224, 224), Preprocessing.imagenet(), List.of(), layers));
    }

    @Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=alexnet")
    public static final class Alexnet implements ModelProvider {
        @Override
        public ModelSpec spec() {
            return TorchvisionModels.spec("alexnet", "AlexNet, torchvision's one-GPU variant",
                    TorchvisionSpecs.alexnet(new int[] {64, 192, 384, 256, 256}, 4096, CLASSES));
        }
    }

    @Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=vgg16")
    public static final class Vgg16 implements ModelProvider {
        @Override
        public ModelSpec spec() {
            return TorchvisionModels.spec("vgg16", "VGG-16 (configuration D)",
                    TorchvisionSpecs.vgg16(new int[] {64, 128, 256, 512, 512}, 4096, CLASSES, false));
        }
    }

    @Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=vgg16_bn")
    public static final class Vgg16Bn implements ModelProvider {
        @Override
        public ModelSpec spec() {
            return TorchvisionModels.spec("vgg16_bn", "VGG-16 with batch normalisation",
                    TorchvisionSpecs.vgg16(new int[] {64, 128, 256, 512, 512}, 4096, CLASSES, true));
        }
    }

    @Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=resnet18")
    public static final class Resnet18 implements ModelProvider {
        @Override
        public ModelSpec spec() {
            return TorchvisionModels.spec("resnet18", "ResNet-18",
                    TorchvisionSpecs.resnet(false, new int[] {2, 2, 2, 2}, 64, CLASSES));
        }
    }

    @Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=resnet34")
    public static final class Resnet34 implements ModelProvider {
        @Override
        public ModelSpec spec() {
            return TorchvisionModels.spec("resnet34", "ResNet-34",
                    TorchvisionSpecs.resnet(false, new int[] {3, 4, 6, 3}, 64, CLASSES));
        }
    }

    @Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=resnet50")
    public static final class Resnet50 implements ModelProvider {
        @Override
        public ModelSpec spec() {
            return TorchvisionModels.spec("resnet50", "ResNet-50 (bottleneck blocks, stride in the 3x3)",
                    TorchvisionSpecs.resnet(true, new int[] {3, 4, 6, 3}, 64, CLASSES));
        }
    }

    @Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=resnet101")
    public static final class Resnet101 implements ModelProvider {
        @Override
        public ModelSpec spec() {
            return TorchvisionModels.spec("resnet101", "ResNet-101 (bottleneck blocks, stride in the 3x3)",
                    TorchvisionSpecs.resnet(true, new int[] {3, 4, 23, 3}, 64, CLASSES));
        }
    }

    @Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=squeezenet1_1")
    public static final class Squeezenet11 implements ModelProvider {
        @Override
        public ModelSpec spec() {
            return TorchvisionModels.spec("squeezenet1_1", "SqueezeNet 1.1", TorchvisionSpecs.squeezenet11(1, CLASSES));
        }
    }

    @Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=mobilenet_v2")
    public static final class MobilenetV2 implements ModelProvider {
        @Override
        public ModelSpec spec() {
            return TorchvisionModels.spec("mobilenet_v2", "MobileNetV2 (width 1.0)",
                    TorchvisionSpecs.mobilenetV2(1.0, 8, 1280, CLASSES));
        }
    }

    @Component(service = ModelProvider.class, property = ModelProvider.MODEL_PROPERTY + "=densenet121")
    public static final class Densenet121 implements ModelProvider {
        @Override
        public ModelSpec spec() {
            return TorchvisionModels.spec("densenet121", "DenseNet-121",
                    TorchvisionSpecs.densenet(32, new int[] {6, 12, 24, 16}, 64, 4, CLASSES));
        }
    }
}

"""Small ONNX fixtures for the importer's tests, with PyTorch's outputs on a fixed input.

Re-run from the repository root (PyTorch 1.13, torchvision 0.14, onnx 1.12, numpy):
    /usr/bin/python3 zfnet-model/src/test/python/onnx_fixtures.py
It writes, into zfnet-model/src/test/resources/org/zfnet/model/internal/onnx/, for each model NAME:
  NAME.onnx  the model as torch.onnx.export writes it (some post-processed with onnx, said below)
  NAME.npz   'input' [1, 3, H, W], 'output' (the model's output) and, for every module that torch.onnx.export
             named as a scope of some node, the module's output as a forward hook sees it, under the module path
             (layer1.0, features.3): what the importer's tap aliases must give.
and the refusal fixtures unsupported-operator.onnx and external-data.onnx; and the fuzz test's seed
OnnxReaderFuzzTestInputs/read/valid-shape-arithmetic.onnx.
"""
import os
import re

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import helper, numpy_helper, TensorProto
from torchvision.models import mobilenet_v2
from torchvision.models.resnet import BasicBlock
from torchvision.models.squeezenet import Fire
from torchvision.ops.misc import Conv2dNormActivation

OUT = os.path.join(os.path.dirname(__file__), '..', 'resources', 'org', 'zfnet', 'model', 'internal', 'onnx')


class ResNetMini(nn.Module):
    """torchvision's ResNet-18 layout (module names as torchvision's) at widths 4, 8, 16, 32."""

    def __init__(self, widths=(4, 8, 16, 32), classes=10):
        super().__init__()
        self.inplanes = widths[0]
        self.conv1 = nn.Conv2d(3, widths[0], 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = self._layer(widths[0], 1)
        self.layer2 = self._layer(widths[1], 2)
        self.layer3 = self._layer(widths[2], 2)
        self.layer4 = self._layer(widths[3], 2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3], classes)

    def _layer(self, planes, stride):
        down = None
        if stride != 1 or self.inplanes != planes:
            down = nn.Sequential(nn.Conv2d(self.inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))
        blocks = [BasicBlock(self.inplanes, planes, stride, down), BasicBlock(planes, planes)]
        self.inplanes = planes
        return nn.Sequential(*blocks)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def mobilenet_mini():
    """torchvision's MobileNetV2 at width 0.25 with three inverted-residual stages and a 64-channel last conv."""
    m = mobilenet_v2(num_classes=10, width_mult=0.25,
                     inverted_residual_setting=[[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 2, 2]])
    last_in = m.features[-1][0].in_channels
    m.features[-1] = Conv2dNormActivation(last_in, 64, kernel_size=1, activation_layer=nn.ReLU6)
    m.classifier[1] = nn.Linear(64, 10)
    return m


class SqueezeMini(nn.Module):
    """torchvision's SqueezeNet 1.1 layout with small Fire modules (concat), ceil-mode pooling, a conv classifier."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, 2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, ceil_mode=True),
            Fire(8, 4, 8, 8), Fire(16, 4, 8, 8), nn.MaxPool2d(3, 2, ceil_mode=True),
            Fire(16, 6, 12, 12), Fire(24, 6, 12, 12))
        self.classifier = nn.Sequential(nn.Dropout(0.5), nn.Conv2d(24, classes, 1), nn.ReLU(inplace=True),
                                        nn.AdaptiveAvgPool2d((1, 1)))

    def forward(self, x):
        return torch.flatten(self.classifier(self.features(x)), 1)


class AlexMini(nn.Module):
    """AlexNet's kinds of layers and a few more: LRN, ceil-mode max pooling, asymmetric zero padding (Pad), a grouped
    dilated convolution, average pooling with and without counting the padding, a reshape, linear layers (Gemm
    transB), softmax."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 5, 2, 2), nn.ReLU(inplace=True), nn.LocalResponseNorm(3, 1e-3, 0.75, 2.0),
            nn.MaxPool2d(3, 2, ceil_mode=True), nn.ZeroPad2d((1, 2, 0, 1)),
            nn.Conv2d(8, 12, 3, 1, 2, dilation=2, groups=2), nn.ReLU(inplace=True),
            nn.AvgPool2d(3, 2, 1, count_include_pad=False), nn.Conv2d(12, 12, 3, padding=1), nn.ReLU(),
            nn.AvgPool2d(2, 2, 1, count_include_pad=True))
        self.classifier = nn.Sequential(nn.Dropout(0.5), nn.Linear(12 * 5 * 6, 32), nn.ReLU(inplace=True),
                                        nn.Linear(32, classes), nn.Softmax(dim=1))

    def forward(self, x):
        x = self.features(x)
        return self.classifier(torch.reshape(x, (-1, 12 * 5 * 6)))


class Head(nn.Module):
    """x W + b written out: exported as MatMul then Add."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.w = nn.Parameter(torch.randn(n_in, n_out) * 0.3)
        self.b = nn.Parameter(torch.randn(n_out) * 0.1)

    def forward(self, x):
        return torch.matmul(x, self.w) + self.b


class HalfMini(nn.Module):
    """A conv net ending in MatMul + Add; its weights rounded to float16 and stored so."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3, 2, 1)
        self.bn = nn.BatchNorm2d(6)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = Head(6, 5)

    def forward(self, x):
        x = torch.flatten(self.pool(F.relu(self.bn(self.conv(x)))), 1)
        return self.head(x)


class ViewMini(nn.Module):
    """A hand-written CNN flattening with x.view(x.size(0), -1), or with x.reshape(-1, C * H * W) read off x.size():
    exported with a dynamic batch, torch writes the sizes as shape arithmetic (Shape, Gather, Unsqueeze, Concat; Mul)
    for the importer to evaluate."""

    def __init__(self, sizes, classes=10):
        super().__init__()
        self.sizes = sizes
        self.conv1 = nn.Conv2d(3, 6, 3, 1, 1)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(6, 8, 3, 2)
        self.fc1 = nn.Linear(8 * 3 * 3, 16)
        self.fc2 = nn.Linear(16, classes)

    def forward(self, x):
        x = F.relu(self.conv2(self.pool(F.relu(self.conv1(x)))))
        if self.sizes:
            x = x.reshape(-1, x.size(1) * x.size(2) * x.size(3))
        else:
            x = x.view(x.size(0), -1)
        return self.fc2(F.relu(self.fc1(x)))


class PadMini(nn.Module):
    """nn.ZeroPad2d and F.pad (torch writes their pads as ConstantOfShape, Concat, Reshape, Slice, Transpose, Cast),
    then the mean over the height and width: x.mean((2, 3)) before a linear layer, or with keepdim before a 1x1
    convolution and a flatten."""

    def __init__(self, keepdim, classes=10):
        super().__init__()
        self.keepdim = keepdim
        self.conv1 = nn.Conv2d(3, 6, 3, 2)
        self.pad = nn.ZeroPad2d((1, 2, 0, 1))
        self.conv2 = nn.Conv2d(6, 8, 3)
        self.conv3 = nn.Conv2d(8, 12, 3, 2)
        self.head = nn.Conv2d(12, classes, 1) if keepdim else nn.Linear(12, classes)

    def forward(self, x):
        x = self.conv2(self.pad(F.relu(self.conv1(x))))
        x = self.conv3(F.pad(F.relu(x), (2, 0, 1, 1)))
        x = x.mean((2, 3), keepdim=self.keepdim)
        return torch.flatten(self.head(x), 1) if self.keepdim else self.head(x)


def module_paths(node_names):
    """The module paths a set of '/'-scoped node names lie in (the rule of TapAliases, written again here)."""
    paths = set()
    for name in node_names:
        if '/' not in name:
            continue
        chain = []
        for scope in name.lstrip('/').split('/')[:-1]:
            if not scope:
                continue
            if not chain:
                chain.append(scope)
                continue
            path = chain[-1]
            for below in [path] + [path[len(a) + 1:] for a in chain[:-1]]:
                if scope.startswith(below + '.'):
                    chain.append(path + scope[len(below):])
                    break
            else:
                chain.append(path + '.' + scope)
        paths.update(chain)
    return paths


def randomize(model, seed):
    """Batch normalisation statistics and affine parameters that change every channel."""
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.2)
            m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=g) + 0.5)
            m.bias.data.copy_(torch.randn(m.num_features, generator=g) * 0.2)


def export(name, model, size, opset, training=torch.onnx.TrainingMode.EVAL, dynamic_batch=False, edit=None):
    torch.manual_seed(0)
    model.eval()
    path = os.path.join(OUT, name + '.onnx')
    x = torch.from_numpy(np.random.RandomState(1).uniform(-1, 1, (1, 3, size, size)).astype(np.float32))
    with torch.no_grad():
        torch.onnx.export(model, x, path, opset_version=opset, training=training, input_names=['input'],
                          output_names=['output'], dynamic_axes={'input': {0: 'batch'}} if dynamic_batch else None)
    if edit:
        m = onnx.load(path)
        edit(m)
        onnx.checker.check_model(m)
        onnx.save(m, path)
    scopes = module_paths(n.name for n in onnx.load(path).graph.node)
    modules = {p for p, _ in model.named_modules()}
    # a module called again is scoped with a suffix: relu, relu_1 (its hook sees both calls; it is left out below)
    unknown = {p for p in scopes - modules if re.sub(r'_[0-9]+$', '', p) not in modules}
    assert not unknown, 'module paths that are no modules: %s' % sorted(unknown)
    outputs, calls = {}, {}

    def hook(path_):
        def record(module, args, out):
            calls[path_] = calls.get(path_, 0) + 1
            outputs[path_] = out.detach().clone()
        return record

    order = []
    handles = [m.register_forward_hook(lambda module, args, out, p=p: order.append((p, module)))
               for p, m in model.named_modules()]
    handles += [m.register_forward_hook(hook(p)) for p, m in model.named_modules() if p in scopes]
    with torch.no_grad():
        y = model(x)
    for h in handles:
        h.remove()
    # batch normalisation that the export folded into the convolution before it (no node of its own): that
    # convolution's node computes both, so its module's own output is not a tap of the file
    folded = {order[i - 1][0] for i, (p, m) in enumerate(order)
              if isinstance(m, nn.BatchNorm2d) and p not in scopes and isinstance(order[i - 1][1], nn.Conv2d)}
    arrays = {'input': x.numpy(), 'output': y.numpy()}
    for p, out in outputs.items():
        if calls[p] == 1 and p not in folded:
            arrays[p] = out.numpy()
    np.savez_compressed(os.path.join(OUT, name + '.npz'), **arrays)
    print(name, os.path.getsize(path), 'bytes,', len(arrays) - 2, 'module taps')


def half_initializers(m):
    """Initializers to float16 (raw_data for weights, typed int32_data for the rest); a Dropout (ratio from a Constant
    node) and an Identity layer after the pooling, and the head's bias read through an Identity of the initializer."""
    g = m.graph
    for i, t in enumerate(list(g.initializer)):
        a = numpy_helper.to_array(t)
        if a.dtype != np.float32:
            continue
        h = a.astype(np.float16)
        if t.name.endswith('weight') or a.ndim > 1:
            nt = numpy_helper.from_array(h, t.name)
        else:
            nt = helper.make_tensor(t.name, TensorProto.FLOAT16, a.shape, h.astype(np.float32).tolist())  # int32_data
        g.initializer.remove(t)
        g.initializer.insert(i, nt)
    flat = next(n for n in g.node if n.op_type == 'Flatten')
    reader = next(n for n in g.node if flat.output[0] in n.input)
    nodes = [helper.make_node('Constant', [], ['ratio'], name='inserted_constant',
                              value=helper.make_tensor('ratio', TensorProto.FLOAT, [], [0.25])),
             helper.make_node('Dropout', [flat.output[0], 'ratio'], ['dropped'], name='inserted_dropout'),
             helper.make_node('Identity', ['dropped'], ['kept'], name='inserted_identity')]
    reader.input[list(reader.input).index(flat.output[0])] = 'kept'
    add = next(n for n in g.node if n.op_type == 'Add')
    bias = next(i for i in add.input if any(t.name == i for t in g.initializer))
    nodes.append(helper.make_node('Identity', [bias], ['/head/b_alias'], name='/head/Identity'))
    add.input[list(add.input).index(bias)] = '/head/b_alias'
    at = list(g.node).index(reader)
    for k, n in enumerate(nodes):
        g.node.insert(at + k, n)


def fold_alexnet(m):
    """torch 1.13 writes LocalResponseNorm as a chain of Mul, Pad, AveragePool, Pow, Div (and shape arithmetic) that
    the importer does not take: here it becomes one LRN node (the same function, ONNX's LRN being PyTorch's), and
    ZeroPad2d's pads (shape arithmetic the importer evaluates, see pad-mini) one Constant node, as a constant-folding
    tool would leave them."""
    g = m.graph
    lrn = [n for n in g.node if n.name.startswith('/features/features.2/')]
    at = list(g.node).index(lrn[0])
    for n in lrn:
        g.node.remove(n)
    g.node.insert(at, helper.make_node('LRN', [lrn[0].input[0]], [lrn[-1].output[0]], name='/features/features.2/LRN',
                                       size=3, alpha=1e-3, beta=0.75, bias=2.0))
    pad = next(n for n in g.node if n.name == '/features/features.4/Pad')
    value = next(n for n in g.node if n.output[0] == pad.input[2])
    for n in [n for n in g.node if n.name.startswith('/features/features.4/') and n not in (pad, value)]:
        g.node.remove(n)
    at = list(g.node).index(value)
    g.node.insert(at, helper.make_node('Constant', [], ['/features/features.4/pads'], name='/features/features.4/Constant',
                                       value=numpy_helper.from_array(np.array([0, 0, 0, 1, 0, 0, 1, 2], np.int64))))
    pad.input[1] = '/features/features.4/pads'


def refusals():
    class Odd(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 4, 3)
            self.act = nn.Sigmoid()

        def forward(self, x):
            return torch.flatten(self.act(self.conv(x)), 1)

    torch.manual_seed(0)
    x = torch.zeros(1, 3, 8, 8)
    torch.onnx.export(Odd().eval(), x, os.path.join(OUT, 'unsupported-operator.onnx'), opset_version=13)
    m = onnx.load(os.path.join(OUT, 'unsupported-operator.onnx'))
    path = os.path.join(OUT, 'external-data.onnx')
    onnx.save(m, path, save_as_external_data=True, all_tensors_to_one_file=True, location='external-data.bin',
              size_threshold=0)
    os.remove(os.path.join(OUT, 'external-data.bin'))  # the reader refuses before it would look for the file


class FoldSeed(nn.Module):
    """The fuzz test's seed of shape arithmetic: ZeroPad2d's pads chain, x.mean((2, 3), keepdim=True) and
    x.view(x.size(0), -1) at a dynamic batch, on one 1x1 convolution."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 2, 1)
        self.pad = nn.ZeroPad2d((1, 0, 0, 1))

    def forward(self, x):
        x = self.conv(self.pad(x)).mean((2, 3), keepdim=True)
        return x.view(x.size(0), -1)


def fuzz_seed():
    torch.manual_seed(0)
    path = os.path.join(OUT, '..', 'OnnxReaderFuzzTestInputs', 'read', 'valid-shape-arithmetic.onnx')
    torch.onnx.export(FoldSeed().eval(), torch.zeros(1, 3, 4, 4), path, opset_version=13, input_names=['input'],
                      output_names=['output'], dynamic_axes={'input': {0: 'batch'}})


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    resnet = ResNetMini()
    randomize(resnet, 1)
    export('resnet-mini', resnet, 64, 11, training=torch.onnx.TrainingMode.PRESERVE, dynamic_batch=True)
    torch.manual_seed(0)
    mobile = mobilenet_mini()
    randomize(mobile, 2)
    export("mobilenet-mini", mobile, 32, 13)
    torch.manual_seed(0)
    export("squeezenet-mini", SqueezeMini(), 48, 17)
    torch.manual_seed(0)
    export('alexnet-mini', AlexMini(), 64, 12, edit=fold_alexnet)
    torch.manual_seed(0)
    half = HalfMini()
    randomize(half, 3)
    with torch.no_grad():
        for p in half.parameters():
            p.copy_(p.half().float())
        half.bn.running_mean.copy_(half.bn.running_mean.half().float())
        half.bn.running_var.copy_(half.bn.running_var.half().float())
    export('matmul-half-mini', half, 32, 14, training=torch.onnx.TrainingMode.PRESERVE, edit=half_initializers)
    # shape arithmetic: Unsqueeze's axes an attribute at opset 11, an input at 13
    torch.manual_seed(0)
    export('view-mini-11', ViewMini(sizes=False), 16, 11, dynamic_batch=True)
    torch.manual_seed(0)
    export('view-mini-13', ViewMini(sizes=True), 16, 13, dynamic_batch=True)
    torch.manual_seed(0)
    export('pad-mini-11', PadMini(keepdim=False), 24, 11)
    torch.manual_seed(0)
    export('pad-mini-13', PadMini(keepdim=True), 24, 13, dynamic_batch=True)
    refusals()
    fuzz_seed()


if __name__ == '__main__':
    main()

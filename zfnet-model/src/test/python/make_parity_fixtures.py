#!/usr/bin/python3
"""PyTorch reference results for zfnet's parity tests (issue 17): reduced-width torchvision-style CNNs.

Re-run from the repository root with Debian's PyTorch (1.13, torchvision 0.14; not a build dependency):

    /usr/bin/python3 zfnet-model/src/test/python/make_parity_fixtures.py

For each model it writes, under zfnet-model/src/test/resources/org/zfnet/model/parity/<model>/:
  spec.json      our model spec, converted from the torch.fx graph (names are PyTorch module paths, so the state
                 dict's tensor names fit; a module used twice, like BasicBlock's relu, is <path>_1 the second time;
                 functions are fx's node names: add, cat, flatten), with a softmax "prob" appended
  weights.npz    the state dict (num_batches_tracked dropped), float32, random weights and BN statistics
  input.npy      a fixed batch [2, 3, H, W]
  reference.npz  logits, prob, and for each projection tap <tap>: its output, the channel projected, and per rule
                 <tap>/<RULE>: the projection to the input [2, 3, H, W] of each sample's single largest activation of
                 that channel (a one-hot signal holding the activation's value at its argmax), for
                 lrnGradient false, and <tap>/<RULE>/lrn for lrnGradient true (the late tap of a model with LRN)
  model.onnx     the same model and weights as torch.onnx.export writes it (opset 13, eval mode, so batch
                 normalisation folded into the convolution before it; a fixed input [1, 3, H, W]), with a Softmax node
                 "prob" appended by onnx, so that one reference.npz serves both routes; not for the model with LRN,
                 which the exporter writes as a chain of elementary operators that the importer refuses
and, for the occlusion models, under occlusion-plugin/src/test/resources/org/zfnet/plugin/occlusion/parity/<model>/
the same spec, weights, input and model.onnx, and maps.npz: the occlusion plugin's arrays computed by brute force.

The projection rules are implemented here independently of zfnet, as custom autograd functions at every rectifier
(Zeiler and Fergus's deconvnet, arXiv 1311.2901 Sec. 2.1; guided backpropagation; the gradient), mirroring zfnet's
Relu and Relu6 layer types:
  GRADIENT   relu: signal where x > 0;             relu6: signal where 0 < x < 6
  GUIDED     relu: max(signal, 0) where x > 0;     relu6: max(signal, 0) where 0 < x < 6
  DECONVNET  relu and relu6: max(signal, 0), whatever x was
LRN passes the signal unchanged unless lrnGradient; every other layer (max pooling through its switches, convolutions,
batch normalisation, joins) passes its gradient.
"""
import json
import operator
import os
import shutil

import numpy as np
import onnx
import torch
import torch.fx as fx
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.mobilenetv2 import MobileNetV2
from torchvision.models.resnet import BasicBlock, conv1x1
from torchvision.models.squeezenet import Fire
from torchvision.ops.misc import Conv2dNormActivation

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..'))
MODEL_DIR = os.path.join(ROOT, 'zfnet-model/src/test/resources/org/zfnet/model/parity')
OCCLUSION_DIR = os.path.join(ROOT, 'occlusion-plugin/src/test/resources/org/zfnet/plugin/occlusion/parity')
RULES = ('GRADIENT', 'GUIDED', 'DECONVNET')


# ---------------------------------------------------------------- models (torchvision's modules, narrow)

class ResNetLike(nn.Module):
    """torchvision's ResNet-18 at widths 8, 16, 24, one BasicBlock per stage (downsample where the shape changes)."""

    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = nn.Sequential(BasicBlock(8, 8))
        self.layer2 = nn.Sequential(BasicBlock(8, 16, 2, nn.Sequential(conv1x1(8, 16, 2), nn.BatchNorm2d(16))))
        self.layer3 = nn.Sequential(BasicBlock(16, 24, 2, nn.Sequential(conv1x1(16, 24, 2), nn.BatchNorm2d(24))))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(24, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def mobilenet_like(classes=10):
    """torchvision's MobileNetV2 at half width with three stages (a residual inverted block in the second) and a
    32-channel last convolution."""
    net = MobileNetV2(num_classes=classes, width_mult=0.5,
                      inverted_residual_setting=[[1, 8, 1, 1], [4, 16, 2, 2], [4, 24, 1, 2]])
    channels = net.features[-2].out_channels
    net.features[-1] = Conv2dNormActivation(channels, 32, kernel_size=1, norm_layer=nn.BatchNorm2d,
                                            activation_layer=nn.ReLU6)
    net.classifier[1] = nn.Linear(32, classes)
    return net


class InceptionLike(nn.Module):
    """Four concatenated branches as in Inception: 1x1; 1x1 then 3x3; 3x3 average pooling (padding not counted) then
    1x1; 3x3 max pooling (ceil, GoogLeNet's) then 1x1."""

    def __init__(self, channels):
        super().__init__()
        self.branch1x1 = nn.Sequential(nn.Conv2d(channels, 8, 1), nn.ReLU(inplace=True))
        self.branch3x3 = nn.Sequential(nn.Conv2d(channels, 6, 1), nn.ReLU(inplace=True),
                                       nn.Conv2d(6, 8, 3, padding=1), nn.ReLU(inplace=True))
        self.branch_avg = nn.Sequential(nn.AvgPool2d(3, 1, 1, count_include_pad=False), nn.Conv2d(channels, 8, 1),
                                        nn.ReLU(inplace=True))
        self.branch_max = nn.Sequential(nn.MaxPool2d(3, 1, 1, ceil_mode=True), nn.Conv2d(channels, 8, 1),
                                        nn.ReLU(inplace=True))

    def forward(self, x):
        return torch.cat([self.branch1x1(x), self.branch3x3(x), self.branch_avg(x), self.branch_max(x)], 1)


class SqueezeInceptionLike(nn.Module):
    """torchvision's SqueezeNet 1.1 features at a quarter width (Fire modules, ceil max pooling), an Inception-like
    block, and SqueezeNet's classifier (dropout, 1x1 convolution, ReLU, global average pooling)."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, kernel_size=3, stride=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            Fire(16, 4, 8, 8), Fire(16, 4, 8, 8),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            Fire(16, 6, 12, 12))
        self.mixed = InceptionLike(24)
        self.classifier = nn.Sequential(nn.Dropout(p=0.5), nn.Conv2d(32, classes, 1), nn.ReLU(inplace=True),
                                        nn.AdaptiveAvgPool2d((1, 1)))

    def forward(self, x):
        return torch.flatten(self.classifier(self.mixed(self.features(x))), 1)


class AlexNetLike(nn.Module):
    """The original AlexNet's / ZFNet's order, narrow: convolution, ReLU, max pooling, LRN (strong enough to matter),
    an asymmetric zero padding, dropout and three linear layers."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 12, kernel_size=7, stride=2, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2), nn.LocalResponseNorm(5, alpha=0.5, beta=0.75, k=1.0),
            nn.ZeroPad2d((1, 0, 1, 0)),
            nn.Conv2d(12, 16, kernel_size=5, padding=2), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2), nn.LocalResponseNorm(5, alpha=0.5, beta=0.75, k=1.0),
            nn.Conv2d(16, 24, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(24, 16, kernel_size=3, padding=1), nn.ReLU(inplace=True),
            nn.MaxPool2d(kernel_size=3, stride=2))
        self.classifier = nn.Sequential(
            nn.Dropout(p=0.5), nn.Linear(16 * 2 * 2, 32), nn.ReLU(inplace=True),
            nn.Dropout(p=0.5), nn.Linear(32, 32), nn.ReLU(inplace=True), nn.Linear(32, classes))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


# name, model, input [C, H, W], (early tap, late tap), occlusion (patch, stride, watched tap) or None
MODELS = [
    ('resnet', ResNetLike, (3, 40, 40), ('layer1.0.relu_1', 'layer3.0.relu_1'), (6, 3, 'layer2.0.relu_1')),
    ('mobilenet', mobilenet_like, (3, 32, 32), ('features.2.conv.1.2', 'features.5.2'), (5, 3, 'add')),
    ('squeeze', SqueezeInceptionLike, (3, 42, 42), ('cat', 'cat_3'), (8, 4, 'cat_3')),
    ('alexnet', AlexNetLike, (3, 48, 48), ('features.8', 'features.13'), None),
]


# ---------------------------------------------------------------- fx graph -> our spec

def spec_of(name, gm, input_shape):
    """Our spec of a traced model: one layer per fx node, inputs named where not the previous layer."""
    modules = dict(gm.named_modules())
    layers = []
    names = {}
    used = {}
    previous = None

    def unique(base):
        count = used.get(base, 0)
        used[base] = count + 1
        return base if count == 0 else '%s_%d' % (base, count)

    for node in gm.graph.nodes:
        if node.op == 'placeholder':
            names[node] = 'input'
            previous = 'input'
            continue
        if node.op == 'output':
            continue
        if node.op == 'call_module':
            layer = module_layer(modules[node.target])
            layer_name = unique(node.target)
        elif node.op == 'call_function':
            layer = function_layer(node)
            layer_name = unique(node.name)
        else:
            raise ValueError('unsupported fx node %s (%s)' % (node.name, node.op))
        layer['name'] = layer_name
        inputs = [names[a] for a in node_inputs(node)]
        if inputs != [previous]:
            layer['inputs'] = inputs
        names[node] = layer_name
        previous = layer_name
        layers.append(layer)
    layers.append({'type': 'softmax', 'name': 'prob'})
    return {'name': name, 'description': 'reduced-width torchvision-style %s, random weights (parity fixture)' % name,
            'input': list(input_shape), 'layers': layers}


def node_inputs(node):
    if node.op == 'call_function' and node.target is torch.cat:
        return list(node.args[0])
    return [a for a in node.args if isinstance(a, fx.Node)]


def window(kernel, stride, padding):
    for v in (kernel, stride, padding):
        if isinstance(v, tuple) and len(set(v)) != 1:
            raise ValueError('non-square window %s %s %s' % (kernel, stride, padding))
    first = lambda v: v[0] if isinstance(v, tuple) else v
    return {'kernel': first(kernel), 'stride': first(stride), 'pad': first(padding)}


def module_layer(m):
    if isinstance(m, nn.Conv2d):
        layer = {'type': 'conv', 'out': m.out_channels, **window(m.kernel_size, m.stride, m.padding)}
        if m.groups != 1:
            layer['groups'] = m.groups
        if m.dilation != (1, 1):
            layer['dilation'] = m.dilation[0]
        if m.bias is None:
            layer['bias'] = False
        return layer
    if isinstance(m, nn.BatchNorm2d):
        return {'type': 'batchnorm', 'eps': m.eps}
    if isinstance(m, nn.ReLU6):
        return {'type': 'relu6'}
    if isinstance(m, nn.ReLU):
        return {'type': 'relu'}
    if isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)):
        layer = {'type': 'maxpool' if isinstance(m, nn.MaxPool2d) else 'avgpool',
                 **window(m.kernel_size, m.stride, m.padding), 'ceil': m.ceil_mode}
        if isinstance(m, nn.AvgPool2d):
            layer['countPad'] = m.count_include_pad
        return layer
    if isinstance(m, nn.AdaptiveAvgPool2d) and m.output_size in (1, (1, 1)):
        return {'type': 'globalavgpool'}
    if isinstance(m, nn.Linear):
        layer = {'type': 'linear', 'out': m.out_features}
        if m.bias is None:
            layer['bias'] = False
        return layer
    if isinstance(m, nn.Dropout):
        return {'type': 'dropout', 'p': m.p}
    if isinstance(m, nn.LocalResponseNorm):
        return {'type': 'lrn', 'size': m.size, 'alpha': m.alpha, 'beta': m.beta, 'k': m.k}
    if isinstance(m, nn.ZeroPad2d):
        left, right, top, bottom = m.padding
        return {'type': 'pad', 'pads': [top, left, bottom, right]}
    if isinstance(m, nn.Flatten):
        return {'type': 'flatten'}
    raise ValueError('unsupported module %s' % m)


def function_layer(node):
    t = node.target
    if t in (operator.add, operator.iadd, torch.add):
        return {'type': 'add'}
    if t is torch.cat:
        assert node.args[1] == 1 or node.kwargs.get('dim') == 1
        return {'type': 'concat'}
    if t is torch.flatten:
        return {'type': 'flatten'}
    if t is F.adaptive_avg_pool2d and node.args[1] in (1, (1, 1)):
        return {'type': 'globalavgpool'}
    if t is F.relu:
        return {'type': 'relu'}
    raise ValueError('unsupported function %s' % node.format_node())


# ---------------------------------------------------------------- the projection rules as autograd functions

class Rectifier(torch.autograd.Function):
    """max(x, 0) (top None) or min(max(x, 0), top), whose backward is the projection rule's."""

    @staticmethod
    def forward(ctx, x, rule, top):
        ctx.save_for_backward(x)
        ctx.rule = rule
        ctx.top = top
        y = torch.clamp(x, min=0.0)
        return y if top is None else torch.clamp(y, max=top)

    @staticmethod
    def backward(ctx, signal):
        x, = ctx.saved_tensors
        passed = x > 0 if ctx.top is None else (x > 0) & (x < ctx.top)
        zero = torch.zeros_like(signal)
        if ctx.rule == 'GRADIENT':
            out = torch.where(passed, signal, zero)
        elif ctx.rule == 'GUIDED':
            out = torch.where(passed, torch.clamp(signal, min=0.0), zero)
        elif ctx.rule == 'DECONVNET':
            out = torch.clamp(signal, min=0.0)
        else:
            raise ValueError(ctx.rule)
        return out, None, None


class LrnUnchanged(torch.autograd.Function):
    """Local response normalisation forward; backward passes the signal unchanged (the paper's deconvnet)."""

    @staticmethod
    def forward(ctx, x, m):
        return F.local_response_norm(x, m.size, m.alpha, m.beta, m.k)

    @staticmethod
    def backward(ctx, signal):
        return signal, None


class Recorder(fx.Interpreter):
    """Runs the traced model keeping every node's output, the rectifiers and LRN by the rule; nothing in place."""

    def __init__(self, gm, rule='GRADIENT', lrn_gradient=True):
        super().__init__(gm)
        self.rule = rule
        self.lrn_gradient = lrn_gradient
        self.values = {}

    def run_node(self, n):
        value = super().run_node(n)
        self.values[n.name] = value
        return value

    def call_module(self, target, args, kwargs):
        m = self.fetch_attr(target)
        if isinstance(m, nn.ReLU6):
            return Rectifier.apply(args[0], self.rule, 6.0)
        if isinstance(m, nn.ReLU):
            return Rectifier.apply(args[0], self.rule, None)
        if isinstance(m, nn.LocalResponseNorm) and not self.lrn_gradient:
            return LrnUnchanged.apply(args[0], m)
        return super().call_module(target, args, kwargs)

    def call_function(self, target, args, kwargs):
        if target is F.relu:
            return Rectifier.apply(args[0], self.rule, None)
        if target is operator.iadd:
            return operator.add(*args)
        return super().call_function(target, args, kwargs)


def node_named(spec, gm, tap):
    """The fx node name of a spec layer name (they differ for modules: dots become underscores)."""
    for node, layer in zip([n for n in gm.graph.nodes if n.op not in ('placeholder', 'output')], spec['layers']):
        if layer['name'] == tap:
            return node.name
    raise KeyError(tap)


def projections(gm, spec, x, tap, lrn):
    """Per rule, each sample's largest activation of the tap's strongest channel walked down to the input."""
    node = node_named(spec, gm, tap)
    with torch.no_grad():
        recorder = Recorder(gm)
        recorder.run(x)
        output = recorder.values[node]
    # the strongest channel of sample 0; at a ReLU6 one whose largest activations are below 6 (a saturated one has
    # no gradient and no guided projection)
    relu6 = spec['layers'][[l['name'] for l in spec['layers']].index(tap)]['type'] == 'relu6'
    strongest = output[0].flatten(1).max(1).values
    if relu6:
        strongest = torch.where(output.amax((0, 2, 3)) < 6, strongest, torch.full_like(strongest, -1e9))
    channel = int(strongest.argmax())
    signal = torch.zeros_like(output)
    for s in range(output.shape[0]):
        plane = output[s, channel]
        at = int(plane.flatten().argmax())
        signal[s, channel].view(-1)[at] = plane.flatten()[at]
    out = {tap: output.numpy(), tap + '/channel': np.array([channel], dtype=np.float32)}
    for rule in RULES:
        for lrn_gradient in ((False, True) if lrn else (False,)):
            xi = x.clone().requires_grad_(True)
            recorder = Recorder(gm, rule, lrn_gradient)
            recorder.run(xi)
            grad, = torch.autograd.grad(recorder.values[node], xi, grad_outputs=signal)
            out[tap + '/' + rule + ('/lrn' if lrn_gradient else '')] = grad.numpy()
    return out


# ---------------------------------------------------------------- occlusion by brute force

def occlusion(gm, spec, x, patch, stride, tap, fill=0.0):
    """The occlusion plugin's arrays for each input alone: a square of `fill` at every grid position, the whole
    network run, and recorded: the unoccluded top class's probability and log probability, the total (sum over
    space) of the tap's channel with the largest maximum on the unoccluded image, the most probable class; and the
    attribution (per pixel, the mean drop of the probability over the squares covering it)."""
    node = node_named(spec, gm, tap)
    _, _, h, w = x.shape
    rows, cols = (h - patch) // stride + 1, (w - patch) // stride + 1
    maps = {k: [] for k in ('class_probability', 'log_probability', 'feature_activation', 'top_class', 'attribution')}
    with torch.no_grad():
        for image in x:
            recorder = Recorder(gm)
            logits = recorder.run(image[None])
            target = int(logits.argmax(1))
            base = float(torch.softmax(logits, 1)[0, target])
            channel = int(recorder.values[node][0].flatten(1).max(1).values.argmax())
            batch = image[None].repeat(rows * cols, 1, 1, 1)
            for p in range(rows * cols):
                top, left = (p // cols) * stride, (p % cols) * stride
                batch[p, :, top:top + patch, left:left + patch] = fill
            recorder = Recorder(gm)
            logits = recorder.run(batch)
            prob = torch.softmax(logits, 1)
            maps['class_probability'].append(prob[:, target].reshape(rows, cols))
            maps['log_probability'].append(torch.log_softmax(logits.double(), 1)[:, target].reshape(rows, cols))
            maps['feature_activation'].append(recorder.values[node][:, channel].sum((1, 2)).reshape(rows, cols))
            maps['top_class'].append(prob.argmax(1).reshape(rows, cols))
            total = torch.zeros(h, w, dtype=torch.float64)
            count = torch.zeros(h, w, dtype=torch.float64)
            for p in range(rows * cols):
                top, left = (p // cols) * stride, (p % cols) * stride
                total[top:top + patch, left:left + patch] += base - float(prob[p, target])
                count[top:top + patch, left:left + patch] += 1
            maps['attribution'].append(torch.where(count > 0, total / count.clamp(min=1), torch.zeros_like(total)))
    return {k: torch.stack(v).numpy().astype(np.float32) for k, v in maps.items()}


# ---------------------------------------------------------------- writing

def randomise(model, seed):
    """He-initialised filters (activations stay of order one through the depth, so that no layer is dead), small
    random biases, random batch normalisation statistics and affine parameters."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(m.weight, nonlinearity='relu')
                if m.bias is not None:
                    m.bias.uniform_(-0.1, 0.1)
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.3, 0.3)
    return model.eval()


def write_model(folder, spec, model, x):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, 'spec.json'), 'w') as f:
        json.dump(spec, f, indent=1)
        f.write('\n')
    weights = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()
               if not k.endswith('num_batches_tracked')}
    np.savez_compressed(os.path.join(folder, 'weights.npz'), **weights)
    np.save(os.path.join(folder, 'input.npy'), x.numpy())


def write_onnx(folder, model, x):
    """model.onnx: the model exported for an input of x's size, batch 1, then the softmax appended as node "prob"."""
    path = os.path.join(folder, 'model.onnx')
    with torch.no_grad():
        torch.onnx.export(model, x[:1], path, opset_version=13, input_names=['input'], output_names=['logits'])
    m = onnx.load(path)
    logits = m.graph.output[0]
    classes = logits.type.tensor_type.shape.dim[1].dim_value
    m.graph.node.append(onnx.helper.make_node('Softmax', ['logits'], ['prob'], name='prob', axis=1))
    m.graph.output.remove(logits)
    m.graph.output.append(onnx.helper.make_tensor_value_info('prob', onnx.TensorProto.FLOAT, [1, classes]))
    onnx.checker.check_model(m)
    onnx.save(m, path)
    return path


def main():
    torch.set_num_threads(2)
    for index, (name, make, shape, taps, occluded) in enumerate(MODELS):
        model = randomise(make(), seed=100 + index)
        gm = fx.symbolic_trace(model)
        spec = spec_of(name, gm, shape)
        torch.manual_seed(200 + index)
        x = torch.randn(2, *shape)
        with torch.no_grad():
            logits = model(x)
            assert torch.allclose(Recorder(gm).run(x), logits, atol=1e-6), name + ': the interpreter differs'
        reference = {'logits': logits.numpy(), 'prob': torch.softmax(logits, 1).numpy()}
        lrn = any(isinstance(m, nn.LocalResponseNorm) for m in model.modules())
        for tap in taps:
            reference.update(projections(gm, spec, x, tap, lrn and tap == taps[-1]))
        folder = os.path.join(MODEL_DIR, name)
        write_model(folder, spec, model, x)
        np.savez_compressed(os.path.join(folder, 'reference.npz'), **reference)
        exported = None if lrn else write_onnx(folder, model, x)
        print('%-10s %d layers, taps %s' % (name, len(spec['layers']), ', '.join(
            '%s %s' % (t, list(reference[t].shape)) for t in taps)))
        if occluded:
            patch, stride, tap = occluded
            folder = os.path.join(OCCLUSION_DIR, name)
            write_model(folder, spec, model, x)
            shutil.copy(exported, folder)
            np.savez_compressed(os.path.join(folder, 'maps.npz'), patch=np.float32([patch]),
                                stride=np.float32([stride]), **occlusion(gm, spec, x, patch, stride, tap))
            print('%-10s occlusion patch %d stride %d, watching %s' % (name, patch, stride, tap))


if __name__ == '__main__':
    main()

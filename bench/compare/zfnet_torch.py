"""The PyTorch side of bench/compare.sh: the same work as zfnet, on the same weights and inputs.

Usage: python3 zfnet_torch.py DIR   (DIR holds weights.safetensors and inputs.npy written by zfnet's side)
Writes DIR/torch.json (median seconds per workload) and DIR/torch-<workload>.npy (outputs to compare).
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

THREADS = int(os.environ.get("ZFNET_BENCH_THREADS", "2"))
LRN = dict(size=5, alpha=1e-4, beta=0.75, k=2.0)


def load_safetensors(path):
    """Reads a safetensors file (F32 only) with numpy: 8-byte header size, JSON header, raw little-endian data."""
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: expected F32, got {info['dtype']}")
        start, end = info["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype="<f4").reshape(info["shape"]).copy())
    return tensors


class ZFNet(torch.nn.Module):
    """Zeiler and Fergus's Fig. 3, layer for layer as zfnet's spec (ceil-mode pooling, PyTorch LRN)."""

    def __init__(self, w):
        super().__init__()
        self.w = w

    def features(self, x, keep=None):
        """Up to conv5 (after its ReLU); with keep, records what the deconvnet walks back through."""
        w = self.w
        x = F.relu(F.conv2d(x, w["conv1.weight"], w["conv1.bias"], stride=2, padding=1))
        if keep is not None:
            keep["pool1"] = x.shape[-2:]
        x, i1 = F.max_pool2d(x, 3, 2, ceil_mode=True, return_indices=True)
        x = F.local_response_norm(x, **LRN)
        c2_in = x.shape[-2:]
        x = F.relu(F.conv2d(x, w["conv2.weight"], w["conv2.bias"], stride=2))
        if keep is not None:
            keep["pool2"] = x.shape[-2:]
        x, i2 = F.max_pool2d(x, 3, 2, ceil_mode=True, return_indices=True)
        x = F.local_response_norm(x, **LRN)
        x = F.relu(F.conv2d(x, w["conv3.weight"], w["conv3.bias"], padding=1))
        x = F.relu(F.conv2d(x, w["conv4.weight"], w["conv4.bias"], padding=1))
        x = F.relu(F.conv2d(x, w["conv5.weight"], w["conv5.bias"], padding=1))
        if keep is not None:
            keep.update(i1=i1, i2=i2, c2_in=c2_in)
        return x

    def forward(self, x):
        w = self.w
        x = self.features(x)
        x = F.max_pool2d(x, 3, 2, ceil_mode=True).flatten(1)
        x = F.relu(F.linear(x, w["fc6.weight"], w["fc6.bias"]))
        x = F.relu(F.linear(x, w["fc7.weight"], w["fc7.bias"]))
        return F.linear(x, w["fc8.weight"], w["fc8.bias"])  # logits; dropout is off at inference


def unpool(s, indices, size):
    """Max unpooling that sums values sharing a switch (overlapping 3x3/2 windows), to the pooling input's size."""
    n, c = s.shape[:2]
    out = torch.zeros(n, c, size[0] * size[1], dtype=s.dtype)
    out.scatter_add_(2, indices.reshape(n, c, -1), s.reshape(n, c, -1))
    return out.reshape(n, c, size[0], size[1])


def transposed(s, weight, stride, padding, size):
    """The convolution's filters transposed, to exactly the layer's input size."""
    k = weight.shape[-1]
    extra = size[0] - ((s.shape[-2] - 1) * stride - 2 * padding + k)
    return F.conv_transpose2d(s, weight, stride=stride, padding=padding, output_padding=extra)


def deconv_projection(net, x):
    """Zeiler and Fergus's deconvnet from conv5: the input's most active channel, its single largest activation,
    walked back with switches, rectification and transposed filters (LRN passed unchanged)."""
    keep = {}
    a = net.features(x, keep)
    per_channel = a[0].flatten(1).max(1).values
    channel = int(per_channel.argmax())
    flat = a[0, channel].flatten()
    best = int(flat.argmax())
    s = torch.zeros_like(a)
    s[0, channel].view(-1)[best] = flat[best]
    w = net.w
    s = transposed(F.relu(s), w["conv5.weight"], 1, 1, a.shape[-2:])
    s = transposed(F.relu(s), w["conv4.weight"], 1, 1, a.shape[-2:])
    s = transposed(F.relu(s), w["conv3.weight"], 1, 1, a.shape[-2:])
    s = unpool(s, keep["i2"], keep["pool2"])
    s = transposed(F.relu(s), w["conv2.weight"], 2, 0, keep["c2_in"])
    s = unpool(s, keep["i1"], keep["pool1"])
    return transposed(F.relu(s), w["conv1.weight"], 2, 1, x.shape[-2:])


def occlusion_naive(net, x, patch, stride, batch):
    """Captum's Occlusion: every occluded copy through the whole network, `batch` copies per forward pass."""
    target = int(net(x).argmax(1))
    h, w = x.shape[-2:]
    ys = list(range(0, h - patch + 1, stride))
    xs = list(range(0, w - patch + 1, stride))
    positions = [(y, z) for y in ys for z in xs]
    probability = torch.empty(len(positions))
    for start in range(0, len(positions), batch):
        chunk = positions[start:start + batch]
        copies = x.repeat(len(chunk), 1, 1, 1)
        for j, (y, z) in enumerate(chunk):
            copies[j, :, y:y + patch, z:z + patch] = 0.0
        probability[start:start + len(chunk)] = F.softmax(net(copies), 1)[:, target]
    return probability.reshape(len(ys), len(xs))


def median_seconds(work, warmup, runs):
    for _ in range(warmup):
        work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(folder):
    torch.set_num_threads(THREADS)
    torch.set_grad_enabled(False)
    net = ZFNet(load_safetensors(os.path.join(folder, "weights.safetensors"))).eval()
    inputs = torch.from_numpy(np.load(os.path.join(folder, "inputs.npy")))
    one, sixteen, nine = inputs[:1].contiguous(), inputs[:16].contiguous(), inputs[:9].contiguous()
    timings = {}
    outputs = {}

    outputs["forward-16"] = net(sixteen)
    timings["forward-1"] = median_seconds(lambda: net(one), 3, 15)
    timings["forward-16"] = median_seconds(lambda: net(sixteen), 2, 7)

    outputs["deconv-1"] = deconv_projection(net, one)
    outputs["deconv-9"] = torch.cat([deconv_projection(net, nine[i:i + 1]) for i in range(9)])
    timings["deconv-1"] = median_seconds(lambda: deconv_projection(net, one), 3, 11)
    timings["deconv-9"] = median_seconds(lambda: [deconv_projection(net, nine[i:i + 1]) for i in range(9)], 1, 5)

    best = None
    for batch in (16, 32):
        t = median_seconds(lambda: occlusion_naive(net, one, 48, 8, batch), 0, 1)
        if best is None or t < best[1]:
            best = (batch, t)
    outputs["occlusion"] = occlusion_naive(net, one, 48, 8, best[0])
    timings["occlusion"] = median_seconds(lambda: occlusion_naive(net, one, 48, 8, best[0]), 0, 3)
    timings["occlusion-batch"] = best[0]

    n = 4096
    a, b, c = torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
    timings["gemm-gflops"] = 2 * n ** 3 / median_seconds(lambda: torch.mm(a, b, out=c), 1, 5) / 1e9

    for name, value in outputs.items():
        np.save(os.path.join(folder, f"torch-{name}.npy"), value.numpy().astype(np.float32))
    timings["torch"] = torch.__version__
    timings["threads"] = torch.get_num_threads()
    with open(os.path.join(folder, "torch.json"), "w") as f:
        json.dump(timings, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])

#!/usr/bin/python3
"""Writes the ImageNet-1k class names, in class index order, one a line, as torchvision 0.14 gives them
(ResNet18_Weights.IMAGENET1K_V1.meta["categories"]; the same list for every torchvision ImageNet model).

Re-run from the repository root:  /usr/bin/python3 zfnet-model/src/main/python/imagenet_classes.py
"""
import os

from torchvision.models import ResNet18_Weights

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "zfnet", "model", "imagenet-classes.txt")

categories = ResNet18_Weights.IMAGENET1K_V1.meta["categories"]
assert len(categories) == 1000 and all(c.strip() == c and c and "\n" not in c for c in categories)
with open(OUT, "w", encoding="utf-8") as f:
    f.write("\n".join(categories) + "\n")

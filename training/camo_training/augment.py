"""What the model sees: the augmented training view, the evaluation view, and the tensor.

The evaluation view is timm's evaluation transform (resize the shortest edge to size / crop_pct, centre crop, or
squash), because that is what the exported config.json tells `camo models import` to reproduce: an expert is scored
in CAMO exactly as it was validated here. The training view draws the perturbations of the original system's
recipe (DeepfakeBench's data_aug: crop, resize, rotation, flips, colour, JPEG, blur, noise) from a generator the
caller seeds per image and epoch.
"""
from __future__ import annotations

import io
import math

import numpy as np
import torch
from PIL import Image, ImageEnhance, ImageFilter, ImageOps
from torchvision.transforms import InterpolationMode
from torchvision.transforms import functional as F

from .config import Augment, Input

MODES = {"bilinear": InterpolationMode.BILINEAR, "bicubic": InterpolationMode.BICUBIC,
         "nearest": InterpolationMode.NEAREST, "lanczos": InterpolationMode.LANCZOS}
PILLOW = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "nearest": Image.NEAREST, "lanczos": Image.LANCZOS}


def eval_view(image: Image.Image, input: Input) -> Image.Image:
    scale = math.floor(input.size / input.crop_pct)
    # an int resizes the shortest edge (timm's "center"); a pair squashes to it
    target = scale if input.crop_mode == "center" else [scale, scale]
    image = F.resize(image, target, interpolation=MODES[input.interpolation])
    return F.center_crop(image, [input.size, input.size])


def to_tensor(image: Image.Image, mean, std) -> torch.Tensor:
    return F.normalize(F.to_tensor(image), mean, std)


def train_view(image: Image.Image, augment: Augment, input: Input, rng: np.random.Generator) -> Image.Image:
    size = input.size
    # geometry first, at the source resolution, so the final resize hides no interpolation seams
    if rng.random() < augment.rotation.p:
        angle = rng.uniform(-augment.rotation.degrees, augment.rotation.degrees)
        image = image.rotate(angle, resample=Image.BILINEAR, fillcolor=(0, 0, 0))
    if rng.random() < augment.hflip.p:
        image = ImageOps.mirror(image)
    if rng.random() < augment.vflip.p:
        image = ImageOps.flip(image)
    if rng.random() < augment.crop.p:
        box = random_resized_box(image.size, augment.crop.scale, augment.crop.ratio, rng)
        image = image.resize((size, size), PILLOW[input.interpolation], box=box)
    else:
        image = eval_view(image, input)
    # then what happens to images on their way to a detector: lost resolution, colour edits, blur, noise, JPEG
    if rng.random() < augment.resize.p:
        small = max(1, round(size / rng.uniform(*augment.resize.factor)))
        image = image.resize((small, small), Image.BOX).resize((size, size), Image.BILINEAR)
    if rng.random() < augment.colour.p:
        for enhancer, strength in ((ImageEnhance.Brightness, augment.colour.brightness),
                                   (ImageEnhance.Contrast, augment.colour.contrast),
                                   (ImageEnhance.Color, augment.colour.saturation)):
            image = enhancer(image).enhance(1 + rng.uniform(-strength, strength))
    if rng.random() < augment.blur.p:
        image = image.filter(ImageFilter.GaussianBlur(radius=rng.uniform(*augment.blur.sigma)))
    if rng.random() < augment.noise.p:
        values = np.asarray(image, dtype=np.float32)
        values = values + rng.normal(0, 255 * rng.uniform(*augment.noise.std), values.shape)
        image = Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8))
    if rng.random() < augment.jpeg.p:
        low, high = augment.jpeg.quality
        image = jpeg_round_trip(image, int(rng.integers(int(low), int(high) + 1)))
    return image


def random_resized_box(size, scale, ratio, rng: np.random.Generator):
    """torchvision's RandomResizedCrop box (area share and aspect ratio drawn, ten tries), from a given generator."""
    width, height = size
    area = width * height
    log_ratio = (math.log(ratio[0]), math.log(ratio[1]))
    for _ in range(10):
        target = area * rng.uniform(*scale)
        aspect = math.exp(rng.uniform(*log_ratio))
        w, h = int(round(math.sqrt(target * aspect))), int(round(math.sqrt(target / aspect)))
        if 0 < w <= width and 0 < h <= height:
            x, y = int(rng.integers(0, width - w + 1)), int(rng.integers(0, height - h + 1))
            return (x, y, x + w, y + h)
    return (0, 0, width, height)


def jpeg_round_trip(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")

"""The network: a timm backbone with a two-class head (0 real, 1 fake, as the data's labels)."""
from __future__ import annotations

import difflib
from pathlib import Path

import timm
import torch

from .config import Input, Model
from .errors import ConfigError

LABEL_NAMES = ["real", "fake"]


def build_model(model: Model, load_weights: bool = True, **options) -> torch.nn.Module:
    """The configured backbone. With load_weights False the weights stay random (export loads a checkpoint's);
    options go to timm.create_model as they are (exportable=True for ONNX)."""
    architecture = model.backbone.split(".")[0]
    if not timm.is_model(architecture):
        close = difflib.get_close_matches(architecture, timm.list_models(), n=3)
        hint = f"; close: {', '.join(close)}" if close else ""
        raise ConfigError(f"model.backbone: '{model.backbone}' is not a timm model{hint}")
    kwargs = dict(model.kwargs, num_classes=len(LABEL_NAMES), **options)
    if model.drop_rate:
        kwargs["drop_rate"] = model.drop_rate
    if not load_weights or model.weights is None:
        return _create(model.backbone, pretrained=False, **kwargs)
    if model.weights == "hub":
        return _create(model.backbone, pretrained=True, **kwargs)
    if not Path(model.weights).is_file():
        raise ConfigError(f"model.weights: {model.weights}: no such file")
    # timm's own loader reads the file, so its per-model filters (e.g. OpenAI CLIP checkpoints) apply, and drops the
    # file's classifier when its class count differs from ours
    return _create(model.backbone, pretrained=True, pretrained_cfg_overlay={"file": model.weights}, **kwargs)


def _create(name: str, **kwargs) -> torch.nn.Module:
    try:
        return timm.create_model(name, **kwargs)
    except TypeError as error:
        raise ConfigError(f"model.kwargs: {name} does not take them: {error}") from None
    except RuntimeError as error:
        raise ConfigError(f"model.weights: cannot be loaded into {name}: {error}") from None


def freeze_backbone(network: torch.nn.Module) -> None:
    for parameter in network.parameters():
        parameter.requires_grad = False
    for parameter in network.get_classifier().parameters():
        parameter.requires_grad = True


def set_training(network: torch.nn.Module, frozen_backbone: bool) -> None:
    network.train()
    if frozen_backbone:
        # a probe keeps the backbone's batch-norm statistics and turns its dropout off: only the head is trained
        network.eval()
        network.get_classifier().train()


def resolved_input(network: torch.nn.Module, input: Input) -> dict:
    """The preprocessing as exported: mean and std default to the backbone's own."""
    cfg = network.pretrained_cfg
    return {
        "input_size": [3, input.size, input.size],
        "interpolation": input.interpolation,
        "crop_pct": input.crop_pct,
        "crop_mode": input.crop_mode,
        "mean": list(input.mean or cfg.get("mean", (0.485, 0.456, 0.406))),
        "std": list(input.std or cfg.get("std", (0.229, 0.224, 0.225))),
    }

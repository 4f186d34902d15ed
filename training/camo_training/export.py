"""A checkpoint as the folder `camo models import` reads: model.onnx, config.json, README.md (and training.json).

config.json is timm's hub format (architecture, label_names, pretrained_cfg), which CAMO's importer reads for the
preprocessing (input_size, interpolation, crop_pct, crop_mode, mean, std) and the labels (real, fake). The ONNX
file's logits are compared with PyTorch's on the same tensors, as a batch and one image at a time, before the
folder is written: a folder that exists computes what was trained.
"""
from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import onnx
import onnxruntime
import timm
import torch
from PIL import Image

from . import __version__
from .augment import eval_view, to_tensor
from .config import Input, config_from_dict
from .data import open_image
from .errors import ExportError
from .model import LABEL_NAMES, build_model
from .train import load_checkpoint

TOLERANCE = 1e-4
OPSET = 17


def export(checkpoint_path: str | Path, out: str | Path, images: Sequence[str | Path] = (),
           tolerance: float = TOLERANCE, force: bool = False, log: Callable[[str], None] = print) -> dict:
    checkpoint = load_checkpoint(checkpoint_path)
    config = config_from_dict(json.loads(checkpoint["config"]), str(checkpoint_path))
    preprocessing = checkpoint["preprocessing"]
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise ExportError(f"{out}: exists and is not empty; pass --force to replace it")

    network = build_model(config.model, load_weights=False, exportable=True)
    network.load_state_dict(checkpoint["model"])
    network.eval()
    batch = check_batch(preprocessing, images)
    with torch.no_grad():
        expected = network(batch).numpy()

    staging = out.parent / f".{out.name}.export"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        model_path = staging / "model.onnx"
        with warnings.catch_warnings():
            # tracer warnings about shape-dependent Python branches in timm's models
            warnings.simplefilter("ignore")
            # the TorchScript exporter: the dynamo one needs onnxscript, and the importer was tested on this one
            torch.onnx.export(network, (batch[:1],), str(model_path), dynamo=False, opset_version=OPSET,
                              input_names=["pixel_values"], output_names=["logits"],
                              dynamic_axes={"pixel_values": {0: "batch"}, "logits": {0: "batch"}})
        onnx.checker.check_model(onnx.load(str(model_path)))
        gap = onnx_gap(model_path, batch, expected)
        if not gap <= tolerance:
            raise ExportError(f"{checkpoint_path}: onnxruntime's logits differ from PyTorch's by {gap:.3g} "
                              f"(more than {tolerance:g}) on {len(batch)} images; nothing written")
        write_config(staging, config, preprocessing, network)
        write_card(staging, config, checkpoint)
        state = checkpoint["state"]
        check = {"images": len(batch), "max_abs_logit_difference": gap, "tolerance": tolerance, "opset": OPSET}
        (staging / "training.json").write_text(json.dumps({
            "epochs_trained": state["epoch"], "best": state["best"], "history": state["history"],
            "data": checkpoint.get("data", ""), "onnx_check": check,
            "versions": {"camo_training": __version__, "torch": torch.__version__, "timm": timm.__version__,
                         "onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__}}, indent=1) + "\n")
        if out.exists():
            shutil.rmtree(out) if out.is_dir() else out.unlink()
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log(f"wrote {out}: model.onnx, config.json, README.md, training.json; onnxruntime vs PyTorch on "
        f"{len(batch)} images: max |logit difference| {gap:.2e}")
    return {"out": str(out), "max_abs_logit_difference": gap, "images": len(batch)}


def check_batch(preprocessing: dict, images: Sequence[str | Path]) -> torch.Tensor:
    """The given images, and three seeded synthetic ones of other sizes and aspects, as the expert will see them."""
    input = Input(size=preprocessing["input_size"][1], interpolation=preprocessing["interpolation"],
                  crop_pct=preprocessing["crop_pct"], crop_mode=preprocessing["crop_mode"])
    rng = np.random.default_rng(0)
    views = [open_image(Path(p)) for p in images]
    for width, height in ((input.size + 37, input.size + 5), (input.size // 2 + 3, input.size), (97, 61)):
        ramp = np.linspace(0, 255, width)[None, :, None] * np.ones((height, 1, 3))
        noise = rng.normal(0, 40, (height, width, 3))
        views.append(Image.fromarray(np.clip(ramp + noise, 0, 255).astype(np.uint8)))
    return torch.stack([to_tensor(eval_view(view, input), preprocessing["mean"], preprocessing["std"])
                        for view in views])


def onnx_gap(model_path: Path, batch: torch.Tensor, expected: np.ndarray) -> float:
    session = onnxruntime.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    together = session.run(["logits"], {"pixel_values": batch.numpy()})[0]
    alone = np.concatenate([session.run(["logits"], {"pixel_values": batch[i:i + 1].numpy()})[0]
                            for i in range(len(batch))])
    if together.shape != expected.shape or alone.shape != expected.shape:
        raise ExportError(f"{model_path.name}: outputs {together.shape}, PyTorch {expected.shape}")
    return float(max(np.abs(together - expected).max(), np.abs(alone - expected).max()))


def write_config(folder: Path, config, preprocessing: dict, network) -> None:
    pretrained_cfg = dict(preprocessing, num_classes=len(LABEL_NAMES))
    if config.export.license:
        pretrained_cfg["license"] = config.export.license
    (folder / "config.json").write_text(json.dumps({
        "architecture": config.model.backbone.split(".")[0],
        "num_classes": len(LABEL_NAMES),
        "num_features": int(getattr(network, "num_features", 0)),
        "label_names": LABEL_NAMES,
        "model_args": dict(config.model.kwargs, num_classes=len(LABEL_NAMES)),
        "pretrained_cfg": pretrained_cfg,
    }, indent=2) + "\n")


def write_card(folder: Path, config, checkpoint: dict) -> None:
    best = checkpoint["state"]["best"]
    weights = config.model.weights
    start = "random initialisation" if weights is None else "timm's hub weights" if weights == "hub" \
        else f"the weights file {Path(weights).name}"
    front = ["---"] + ([f"license: {config.export.license}"] if config.export.license else []) + \
        ["library_name: timm", "tags:", "- image-classification", "- camo-expert", "---"]

    def number(value):
        return "n/a" if value is None else f"{value:.3f}"
    body = f"""
# {config.model.backbone}: real or generated

A two-class image classifier (label 0 `real`, 1 `fake`) fine-tuned with CAMO's training recipe
(`python -m camo_training fit`, docs/training.md), from {start}
{"with a frozen backbone (linear probe)" if config.model.freeze_backbone else "with every layer trained"}.

- input: {checkpoint["preprocessing"]["input_size"][1]} px, {checkpoint["preprocessing"]["interpolation"]}, \
crop_pct {checkpoint["preprocessing"]["crop_pct"]} ({checkpoint["preprocessing"]["crop_mode"]})
- checkpoint: epoch {checkpoint["state"]["epoch"]} of {config.train.epochs} planned; best validation epoch by then: \
{best["epoch"]}
- validation (grouped by source, every image re-encoded as JPEG q{config.data.val_jpeg_quality}): AUC \
{number(best["auc"])}, accuracy at 0.5 {number(best["accuracy"])}, AP {number(best["ap"])} on {best["images"]} images

Data:
```
{checkpoint.get("data", "")}
```

Its scores move no CAMO verdict until `camo calibrate` has measured it on data from several sources per class.
""" + ("" if config.export.license else """
No licence was given (`export.license` in the config): CAMO reports the model as RESEARCH USE ONLY. Set the one
that the pretrained weights' and the training data's licences allow.
""")
    (folder / "README.md").write_text("\n".join(front) + "\n" + body)

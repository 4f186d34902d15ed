"""The fit configuration: one YAML file in the spirit of DeepfakeBench's, checked key by key.

Every section is a dataclass; its fields are the only keys allowed. A misspelt key, a wrong type or a value out of
range stops the run before anything is loaded, with the file and the key path (`train.epochs`) in the message:
a typo that silently fell back to a default would waste a GPU day.
"""
from __future__ import annotations

import dataclasses
import difflib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Optional

import yaml

from .errors import ConfigError

Pair = tuple[float, float]
Triple = tuple[float, float, float]


@dataclass
class Data:
    roots: list[str]
    """Folders with `metadata.jsonl` files below them: `camo dataset prepare` output, `camo mirror` output, or any
    Hugging Face imagefolder. Relative to the config file."""
    subsets: Optional[list[str]] = None
    """Prepared subsets (transform names) to train on; None: every subset found."""
    train_splits: list[str] = field(default_factory=lambda: ["train"])
    val_splits: list[str] = field(default_factory=lambda: ["val", "validation"])
    val_fraction: float = 0.2
    """Share of source groups held out when the data have no validation split."""
    val_jpeg_quality: int = 90
    """Every validation image, real or fake, is re-encoded as JPEG at this quality before it is scored."""
    batch_size: int = 32
    workers: int = 2


@dataclass
class Model:
    backbone: str
    """A timm model name: legacy_xception, efficientnet_b0, convnext_tiny, vit_base_patch16_clip_224, ..."""
    weights: Optional[str] = None
    """A weights file (timm/hub .safetensors, .pth, .bin), `hub` to let timm download them, or None for random."""
    freeze_backbone: bool = False
    """A linear probe: only the classifier learns; the backbone, batch-norm statistics included, stays as loaded."""
    drop_rate: float = 0.0
    kwargs: dict = field(default_factory=dict)
    """Passed to timm.create_model as they are (e.g. a smaller depth for tests)."""


@dataclass
class Input:
    size: int = 224
    interpolation: Literal["bilinear", "bicubic", "nearest", "lanczos"] = "bicubic"
    crop_pct: float = 1.0
    crop_mode: Literal["center", "squash"] = "center"
    mean: Optional[Triple] = None
    """None: the backbone's own (timm's pretrained_cfg)."""
    std: Optional[Triple] = None


@dataclass
class Crop:
    p: float = 0.5
    scale: Pair = (0.5, 1.0)
    ratio: Pair = (0.75, 4 / 3)


@dataclass
class Resize:
    p: float = 0.1
    factor: Pair = (2.0, 4.0)
    """Down-sampled by this factor and back up: resolution loss."""


@dataclass
class Rotation:
    p: float = 0.3
    degrees: float = 10.0


@dataclass
class HFlip:
    p: float = 0.5


@dataclass
class VFlip:
    p: float = 0.0


@dataclass
class Colour:
    p: float = 0.5
    brightness: float = 0.1
    contrast: float = 0.1
    saturation: float = 0.1


@dataclass
class Jpeg:
    p: float = 0.3
    quality: Pair = (40, 100)


@dataclass
class Blur:
    p: float = 0.1
    sigma: Pair = (0.1, 2.0)


@dataclass
class Noise:
    p: float = 0.1
    std: Pair = (0.0, 0.04)
    """Of pixel values on [0, 1]."""


@dataclass
class Augment:
    crop: Crop = field(default_factory=Crop)
    resize: Resize = field(default_factory=Resize)
    rotation: Rotation = field(default_factory=Rotation)
    hflip: HFlip = field(default_factory=HFlip)
    vflip: VFlip = field(default_factory=VFlip)
    colour: Colour = field(default_factory=Colour)
    jpeg: Jpeg = field(default_factory=Jpeg)
    blur: Blur = field(default_factory=Blur)
    noise: Noise = field(default_factory=Noise)


@dataclass
class Loss:
    name: Literal["cross_entropy"] = "cross_entropy"
    label_smoothing: float = 0.0
    balance_classes: bool = True
    """Weight each class by the inverse of its share, so a skewed training set does not just learn the prior."""


@dataclass
class Optimizer:
    name: Literal["adam", "adamw", "sgd"] = "adamw"
    lr: float = 2e-4
    weight_decay: float = 5e-4
    momentum: float = 0.9
    betas: Pair = (0.9, 0.999)


@dataclass
class Schedule:
    name: Literal["constant", "cosine", "step"] = "cosine"
    warmup_epochs: int = 0
    step_size: int = 5
    gamma: float = 0.1
    min_lr_ratio: float = 0.0


@dataclass
class EarlyStopping:
    patience: Optional[int] = None
    """Stop after this many epochs without a better validation metric; None: never."""
    metric: Literal["auc", "loss"] = "auc"


@dataclass
class Train:
    epochs: int = 10
    device: str = "auto"
    """auto (cuda when there is one), cpu, cuda or cuda:N."""
    precision: Literal["auto", "fp32", "fp16", "bf16"] = "auto"
    """auto: fp16 mixed precision on a GPU, fp32 on the CPU."""
    threads: Optional[int] = None
    grad_clip: Optional[float] = None


@dataclass
class Export:
    license: Optional[str] = None
    """Written to the model card; it must allow what the pretrained weights' and the data's licences allow."""


@dataclass
class Config:
    data: Data
    model: Model
    seed: int = 0
    output: Optional[str] = None
    """The run folder, relative to the config file; default runs/<config name>."""
    input: Input = field(default_factory=Input)
    augment: Augment = field(default_factory=Augment)
    loss: Loss = field(default_factory=Loss)
    optimizer: Optimizer = field(default_factory=Optimizer)
    schedule: Schedule = field(default_factory=Schedule)
    early_stopping: EarlyStopping = field(default_factory=EarlyStopping)
    train: Train = field(default_factory=Train)
    export: Export = field(default_factory=Export)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def load_config(path: str | Path) -> Config:
    """Reads and checks a config file; relative paths in it become absolute (relative to the file)."""
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    config = config_from_dict(raw, str(path))
    base = path.resolve().parent
    config.data.roots = [str((base / root).resolve()) for root in config.data.roots]
    if config.model.weights not in (None, "hub"):
        config.model.weights = str((base / config.model.weights).resolve())
    config.output = str((base / (config.output or f"runs/{path.stem}")).resolve())
    return config


def config_from_dict(raw: Any, file: str = "config") -> Config:
    if not isinstance(raw, dict):
        raise ConfigError(f"{file}: expected a mapping of sections (data, model, train, ...), got {_kind(raw)}")
    config = _build(Config, raw, file, "")
    _check_ranges(config, file)
    return config


def _build(cls, raw: dict, file: str, prefix: str):
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    for key in raw:
        if key not in names:
            close = difflib.get_close_matches(str(key), names, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; allowed: {', '.join(names)}"
            raise ConfigError(f"{file}: {prefix}{key}: unknown key{hint}")
    values = {}
    for f in dataclasses.fields(cls):
        key = f"{prefix}{f.name}"
        if f.name in raw:
            values[f.name] = _convert(raw[f.name], hints[f.name], file, key)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise ConfigError(f"{file}: {key}: required")
    return cls(**values)


def _convert(value: Any, hint: Any, file: str, key: str):
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union:
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _convert(value, inner, file, key)
    if dataclasses.is_dataclass(hint):
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise ConfigError(f"{file}: {key}: expected a mapping, got {_kind(value)}")
        return _build(hint, value, file, key + ".")
    if origin is Literal:
        if value not in args:
            raise ConfigError(f"{file}: {key}: expected one of {', '.join(map(str, args))}, got {value!r}")
        return value
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{file}: {key}: expected a list, got {_kind(value)}")
        return [_convert(v, args[0], file, f"{key}[{i}]") for i, v in enumerate(value)]
    if origin is tuple:
        if not isinstance(value, list) or len(value) != len(args):
            raise ConfigError(f"{file}: {key}: expected a list of {len(args)} numbers, got {value!r}")
        return tuple(_convert(v, a, file, f"{key}[{i}]") for i, (v, a) in enumerate(zip(value, args)))
    if hint is dict or origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{file}: {key}: expected a mapping, got {_kind(value)}")
        return dict(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{file}: {key}: expected true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{file}: {key}: expected a whole number, got {value!r}")
        return value
    if hint is float:
        # YAML reads 1e-4 (no dot) as a string; accept it as the number it is meant to be
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{file}: {key}: expected a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{file}: {key}: expected a string, got {value!r}")
        return value
    raise TypeError(f"unhandled type {hint} for {key}")


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


def _check_ranges(config: Config, file: str) -> None:
    def need(condition: bool, key: str, message: str) -> None:
        if not condition:
            raise ConfigError(f"{file}: {key}: {message}")

    data = config.data
    need(len(data.roots) > 0, "data.roots", "name at least one folder")
    need(0 < data.val_fraction < 1, "data.val_fraction", "must lie strictly between 0 and 1")
    need(1 <= data.val_jpeg_quality <= 100, "data.val_jpeg_quality", "must lie in 1-100")
    need(data.batch_size >= 1, "data.batch_size", "must be at least 1")
    need(data.workers >= 0, "data.workers", "must be 0 or more")
    need(config.input.size >= 8, "input.size", "must be at least 8 pixels")
    need(0 < config.input.crop_pct <= 1, "input.crop_pct", "must lie in (0, 1]")
    need(config.input.std is None or all(v > 0 for v in config.input.std), "input.std", "must be positive")
    for step in dataclasses.fields(Augment):
        settings = getattr(config.augment, step.name)
        need(0 <= settings.p <= 1, f"augment.{step.name}.p", "a probability must lie in [0, 1]")
        for f in dataclasses.fields(settings):
            value = getattr(settings, f.name)
            if isinstance(value, tuple):
                need(value[0] <= value[1], f"augment.{step.name}.{f.name}", f"expected [low, high], got {list(value)}")
    need(0 < config.augment.crop.scale[0] <= config.augment.crop.scale[1] <= 1, "augment.crop.scale",
         "must lie in (0, 1]")
    need(config.augment.resize.factor[0] >= 1, "augment.resize.factor", "must be at least 1")
    need(1 <= config.augment.jpeg.quality[0] and config.augment.jpeg.quality[1] <= 100, "augment.jpeg.quality",
         "must lie in 1-100")
    need(0 <= config.loss.label_smoothing < 1, "loss.label_smoothing", "must lie in [0, 1)")
    need(config.optimizer.lr > 0, "optimizer.lr", "must be positive")
    need(config.train.epochs >= 1, "train.epochs", "must be at least 1")
    need(config.schedule.warmup_epochs >= 0, "schedule.warmup_epochs", "must be 0 or more")
    need(config.schedule.step_size >= 1, "schedule.step_size", "must be at least 1")
    need(config.early_stopping.patience is None or config.early_stopping.patience >= 1, "early_stopping.patience",
         "must be at least 1, or null for no early stopping")
    need(config.train.threads is None or config.train.threads >= 1, "train.threads", "must be at least 1")
    device = config.train.device
    need(device in ("auto", "cpu", "cuda") or (device.startswith("cuda:") and device[5:].isdigit()), "train.device",
         f"expected auto, cpu, cuda or cuda:N, got {device!r}")

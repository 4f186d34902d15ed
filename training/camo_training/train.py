"""The fit loop: seeded, validated on a format-controlled grouped split, checkpointed every epoch, resumable.

On the CPU the run is deterministic: the batch order of epoch e, each image's augmentation in it and the dropout
masks are all drawn from streams seeded by (seed, e), and PyTorch is told to use deterministic kernels. A run killed
at any point and resumed from its last epoch checkpoint therefore ends with the same weights and losses as one that
was never interrupted. On a GPU, cuDNN's autotuned kernels are faster and not bit-reproducible; resume still
continues from the same state.
"""
from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import yaml

from .config import Config, Optimizer, Schedule
from .data import TrainSet, ValidationSet, split_samples
from .errors import ConfigError, TrainingError
from .metrics import summarise
from .model import build_model, freeze_backbone, resolved_input, set_training

CHECKPOINT_FORMAT = "camo-training-checkpoint"
# Keys that may differ when a run is resumed: they change where and how fast it runs, not what it computes
# (train.epochs lets a finished run be extended; the schedule then follows the new count).
RESUMABLE_CHANGES = {"output", "data.workers", "train.epochs"}


def fit(config: Config, out: str | Path | None = None, resume: bool = False,
        log: Callable[[str], None] = print) -> dict:
    out = Path(out or config.output)
    last = out / "last.pt"
    if last.exists() and not resume:
        raise TrainingError(f"{out}: holds a run (last.pt); pass --resume to continue it, or choose another --out")
    if resume and not last.exists():
        raise TrainingError(f"{out}: no last.pt to resume from")

    device = pick_device(config.train.device)
    precision = pick_precision(config.train.precision, device)
    if config.train.threads:
        torch.set_num_threads(config.train.threads)
    if device.type == "cpu":
        torch.use_deterministic_algorithms(True)
    else:
        torch.backends.cudnn.benchmark = True

    splits = split_samples(config.data, config.seed)
    log(splits.describe())
    torch.manual_seed(config.seed)
    network = build_model(config.model)
    if config.model.freeze_backbone:
        freeze_backbone(network)
    network.to(device)
    preprocessing = resolved_input(network, config.input)
    mean, std = preprocessing["mean"], preprocessing["std"]
    train_set = TrainSet(splits.train, config, mean, std)
    val_set = ValidationSet(splits.val, config, mean, std)

    optimizer = make_optimizer(config.optimizer, [p for p in network.parameters() if p.requires_grad])
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor(config.schedule, config.train.epochs))
    scaler = torch.amp.GradScaler(device.type, enabled=precision == "fp16")
    labels = np.array([s.label for s in splits.train])
    weight = None
    if config.loss.balance_classes:
        counts = np.bincount(labels, minlength=2).astype(np.float64)
        weight = torch.tensor(len(labels) / (2 * np.maximum(counts, 1)), dtype=torch.float32, device=device)
    criterion = torch.nn.CrossEntropyLoss(weight=weight, label_smoothing=config.loss.label_smoothing)

    config_json = json.dumps(config.to_dict(), sort_keys=True)
    state = {"epoch": 0, "history": [], "best": None, "since_best": 0, "stopped": False}
    if resume:
        checkpoint = load_checkpoint(last)
        differences = config_differences(json.loads(checkpoint["config"]), json.loads(config_json))
        if differences:
            raise ConfigError(f"{out}: cannot resume with a different configuration: {', '.join(differences)}")
        network.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        scheduler.load_state_dict(checkpoint["scheduler"])
        scaler.load_state_dict(checkpoint["scaler"])
        state = checkpoint["state"]
        log(f"resumed {out} after epoch {state['epoch']}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.yaml").write_text(yaml.safe_dump(json.loads(config_json), sort_keys=False))

    autocast = dict(device_type=device.type, enabled=precision in ("fp16", "bf16"),
                    dtype=torch.bfloat16 if precision == "bf16" else torch.float16)
    epochs = config.train.epochs
    for epoch in range(state["epoch"], epochs):
        if state["stopped"]:
            break
        started = time.perf_counter()
        torch.manual_seed(config.seed + 7919 * (epoch + 1))
        train_set.epoch = epoch
        order = np.random.default_rng([config.seed, epoch]).permutation(len(train_set)).tolist()
        loader = torch.utils.data.DataLoader(
            train_set, batch_size=config.data.batch_size, sampler=order, num_workers=config.data.workers,
            # batch norm cannot train on a last batch of one image
            drop_last=len(train_set) > config.data.batch_size, pin_memory=device.type == "cuda")
        set_training(network, config.model.freeze_backbone)
        train_loss, seen = train_epoch(network, loader, optimizer, scaler, criterion, device, autocast,
                                       config.train.grad_clip)
        lr = optimizer.param_groups[0]["lr"]
        scheduler.step()
        validation = validate(network, val_set, config, device, autocast)
        seconds = time.perf_counter() - started
        row = {"epoch": epoch + 1, "train_loss": train_loss, **validation, "lr": lr, "seconds": seconds,
               "train_images": seen}
        improved = is_better(row, state["best"], config.early_stopping.metric)
        if improved:
            state["best"], state["since_best"] = row, 0
        else:
            state["since_best"] += 1
        patience = config.early_stopping.patience
        state["stopped"] = patience is not None and state["since_best"] >= patience
        state["epoch"] = epoch + 1
        state["history"].append(row)
        common = {"format": CHECKPOINT_FORMAT, "version": 1, "config": config_json, "preprocessing": preprocessing,
                  "data": splits.describe(), "model": network.state_dict(), "state": state}
        if improved:
            save_atomically(common, out / "best.pt")
        save_atomically(dict(common, optimizer=optimizer.state_dict(), scheduler=scheduler.state_dict(),
                             scaler=scaler.state_dict()), last)
        (out / "history.json").write_text(json.dumps(state["history"], indent=1) + "\n")
        log(progress_line(row, epochs, seconds, improved))
        if state["stopped"]:
            log(f"early stop: no better validation {config.early_stopping.metric} for {patience} epochs")
    best = state["best"]
    log(f"best: epoch {best['epoch']} ({out / 'best.pt'})")
    return {"out": str(out), "history": state["history"], "best": best, "splits": splits}


def train_epoch(network, loader, optimizer, scaler, criterion, device, autocast, grad_clip) -> tuple[float, int]:
    """One pass over the loader; the mean training loss per image and the number of images."""
    total, seen = 0.0, 0
    for images, targets in loader:
        images, targets = images.to(device, non_blocking=True), targets.to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(**autocast):
            loss = criterion(network(images), targets)
        scaler.scale(loss).backward()
        if grad_clip:
            # clipped on the true gradients, not the fp16 scaler's scaled ones
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(network.parameters(), grad_clip)
        scaler.step(optimizer)
        scaler.update()
        total += float(loss.detach()) * len(targets)
        seen += len(targets)
    return total / max(seen, 1), seen


@torch.no_grad()
def validate(network, val_set: ValidationSet, config: Config, device, autocast) -> dict:
    network.eval()
    loader = torch.utils.data.DataLoader(val_set, batch_size=config.data.batch_size,
                                         num_workers=config.data.workers, pin_memory=device.type == "cuda")
    logits, labels = [], []
    for images, targets in loader:
        with torch.autocast(**autocast):
            logits.append(network(images.to(device)).float().cpu())
        labels.append(targets)
    logits, labels = torch.cat(logits), torch.cat(labels)
    loss = float(torch.nn.functional.cross_entropy(logits, labels))
    p_fake = torch.softmax(logits, dim=1)[:, 1].numpy()
    return {"val_loss": loss, **summarise(labels.numpy(), p_fake)}


def is_better(row: dict, best: dict | None, metric: str) -> bool:
    if best is None:
        return True
    # a validation set of one class has no AUC: the loss decides then
    if metric == "auc" and row["auc"] is not None and best["auc"] is not None:
        return row["auc"] > best["auc"]
    return row["val_loss"] < best["val_loss"]


def progress_line(row: dict, epochs: int, seconds: float, improved: bool) -> str:
    def number(value, digits=3):
        return "n/a" if value is None else f"{value:.{digits}f}"
    return (f"epoch {row['epoch']}/{epochs}  train loss {row['train_loss']:.4f}  val loss {row['val_loss']:.4f}  "
            f"AUC {number(row['auc'])}  acc@0.5 {number(row['accuracy'])}  AP {number(row['ap'])}  "
            f"lr {row['lr']:.2e}  {seconds:.1f} s ({row['train_images'] / seconds:.1f} img/s)"
            + ("  *best" if improved else ""))


def make_optimizer(settings: Optimizer, parameters) -> torch.optim.Optimizer:
    if settings.name == "sgd":
        return torch.optim.SGD(parameters, lr=settings.lr, momentum=settings.momentum,
                               weight_decay=settings.weight_decay)
    kind = torch.optim.AdamW if settings.name == "adamw" else torch.optim.Adam
    return kind(parameters, lr=settings.lr, betas=settings.betas, weight_decay=settings.weight_decay)


def lr_factor(schedule: Schedule, epochs: int) -> Callable[[int], float]:
    """The learning rate of each epoch as a share of optimizer.lr: linear warm-up, then the schedule."""
    def factor(epoch: int) -> float:
        if epoch < schedule.warmup_epochs:
            return (epoch + 1) / (schedule.warmup_epochs + 1)
        after = epoch - schedule.warmup_epochs
        if schedule.name == "step":
            return schedule.gamma ** (after // schedule.step_size)
        if schedule.name == "cosine":
            progress = after / max(1, epochs - schedule.warmup_epochs)
            low = schedule.min_lr_ratio
            return low + (1 - low) * 0.5 * (1 + math.cos(math.pi * progress))
        return 1.0
    return factor


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError(f"train.device: {name} asked for, but PyTorch sees no GPU")
    return torch.device(name)


def pick_precision(precision: str, device: torch.device) -> str:
    if precision == "auto":
        return "fp16" if device.type == "cuda" else "fp32"
    if precision == "fp16" and device.type == "cpu":
        raise ConfigError("train.precision: fp16 needs a GPU; use fp32 (or bf16) on the CPU")
    return precision


def config_differences(saved: dict, current: dict, prefix: str = "") -> list[str]:
    differences = []
    for key in sorted(set(saved) | set(current)):
        path = f"{prefix}{key}"
        a, b = saved.get(key), current.get(key)
        if isinstance(a, dict) and isinstance(b, dict) and key != "kwargs":
            differences += config_differences(a, b, path + ".")
        elif a != b and path not in RESUMABLE_CHANGES:
            differences.append(f"{path} was {a!r}, now {b!r}")
    return differences


def save_atomically(checkpoint: dict, path: Path) -> None:
    """Written beside its final name and renamed: a kill leaves the previous checkpoint whole, never half of one."""
    temporary = path.with_name(f".{path.name}.tmp")
    torch.save(checkpoint, temporary)
    with open(temporary, "rb") as f:
        os.fsync(f.fileno())
    os.replace(temporary, path)


def load_checkpoint(path: str | Path) -> dict:
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise TrainingError(f"{path}: no such checkpoint") from None
    except Exception as error:  # a truncated or foreign file: torch raises several kinds
        raise TrainingError(f"{path}: not a readable checkpoint: {error}") from None
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != CHECKPOINT_FORMAT:
        raise TrainingError(f"{path}: not a camo_training checkpoint")
    return checkpoint

"""Reading CAMO's training sets and splitting them by source group.

Any folder with `metadata.jsonl` files below it is read the same way (Hugging Face `imagefolder` rows: `file_name`
relative to the file's folder, `label` 0 real / 1 fake):
  `camo dataset prepare`  ROOT/<subset>/<split>/metadata.jsonl   subset = transform name (none, jpeg, L1, ...)
  `camo mirror`           ROOT/<split>/metadata.jsonl            real/ and fake/ twins sharing pair_id and source
                                                                 (the pair id itself when the mirrored dataset had none)

A group is what must never be on both sides of the train/validation line: rows that share a `source`, a `pair_id`
(a real photo and its synthetic twin, within one root folder) or a source image (`source_sha256`: one photo's
crops, tiles and transform subsets) are one group. A row with none of these is its own group.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps

from . import augment
from .config import Config, Data
from .errors import DataError

LABELS = {0: 0, 1: 1, "0": 0, "1": 1, "real": 0, "fake": 1}


@dataclass(frozen=True)
class Sample:
    path: Path
    label: int
    split: str
    subset: str
    group: str


@dataclass
class Splits:
    train: list[Sample]
    val: list[Sample]
    held_out_from_train: bool
    """True when the data had no validation split and a share of the training groups was held out instead."""
    ignored: Counter
    """Rows of other splits (test, ...), by split name."""

    def describe(self) -> str:
        def counts(samples: list[Sample]) -> str:
            labels = Counter(s.label for s in samples)
            return (f"{len(samples)} images ({labels[0]} real, {labels[1]} fake) "
                    f"in {len({s.group for s in samples})} groups")
        how = "held out from train by group" if self.held_out_from_train else "the data's own split"
        lines = [f"train: {counts(self.train)}", f"validation ({how}): {counts(self.val)}"]
        if self.ignored:
            lines.append("not used: " + ", ".join(f"{n} {split}" for split, n in sorted(self.ignored.items())))
        return "\n".join(lines)


def find_tables(root: Path) -> list[Path]:
    """Every metadata.jsonl below root, hidden folders (the preparer's records) excluded."""
    if not root.is_dir():
        raise DataError(f"{root}: no such folder")
    return sorted(p for p in root.rglob("metadata.jsonl")
                  if not any(part.startswith(".") for part in p.relative_to(root).parts))


def read_table(table: Path, root: Path) -> list[dict]:
    """The rows of one metadata.jsonl with their image path, label, split and subset, checked."""
    folder = table.parent
    relative = folder.relative_to(root).parts
    # a table at the root is one unsplit set: `datasets` calls it train
    split = relative[-1] if relative else "train"
    subset = relative[-2] if len(relative) >= 2 else ""
    rows = []
    with table.open() as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{table}:{number}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise DataError(f"{where}: not JSON: {error.msg}") from None
            if not isinstance(row, dict):
                raise DataError(f"{where}: expected a JSON object")
            name = row.get("file_name")
            if not isinstance(name, str) or not name or Path(name).is_absolute() or ".." in Path(name).parts:
                raise DataError(f"{where}: file_name must be a path relative to {folder}, got {name!r}")
            label = row.get("label")
            if isinstance(label, bool) or label not in LABELS:
                raise DataError(f"{where}: label must be 0 (real) or 1 (fake), got {label!r}")
            path = folder / name
            if not path.is_file():
                raise DataError(f"{where}: {name}: no such file ({path})")
            # the folder is the split, as `datasets` reads it (a prepared row's `split` column only repeats it)
            rows.append(dict(row, _path=path, _label=LABELS[label], _split=split, _subset=subset,
                             _root=root))
    return rows


def group_rows(rows: list[dict]) -> list[str]:
    """One group name per row: rows linked by a shared source, pair_id or source image share it."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def value(row: dict, column: str) -> str | None:
        v = row.get(column)
        return str(v) if isinstance(v, (str, int)) and str(v) != "" else None

    row_keys = []
    for row in rows:
        pair_id = value(row, "pair_id")
        keys = [f"{column}:{value(row, column)}" for column in ("source", "source_sha256")
                # `camo mirror` writes the pair id as the source when its dataset has none: that is no source
                # shared beyond this folder, and the pair id below already links the twins
                if value(row, column) is not None and not (column == "source" and value(row, column) == pair_id)]
        if pair_id is not None:
            # pair ids are numbered per mirror run (from 000000): they link twins within one root folder only
            keys.append(f"pair_id:{row['_root']}:{pair_id}")
        keys = keys or [f"file:{row['_path']}"]
        for key in keys[1:]:
            a, b = find(keys[0]), find(key)
            if a != b:
                # the smaller name wins, so a group's name does not depend on the order rows are read in
                parent[max(a, b)] = min(a, b)
        row_keys.append(keys[0])
    return [find(key) for key in row_keys]


def read_samples(data: Data) -> list[Sample]:
    rows = []
    for root in map(Path, data.roots):
        tables = find_tables(root)
        if not tables:
            raise DataError(f"{root}: no metadata.jsonl below it (expected `camo dataset prepare` or `camo mirror` output)")
        for table in tables:
            rows.extend(read_table(table, root))
    if data.subsets is not None:
        found = {row["_subset"] for row in rows if row["_subset"]}
        missing = [s for s in data.subsets if s not in found]
        if missing:
            raise DataError(f"data.subsets: {', '.join(missing)} not found; the data hold: "
                            f"{', '.join(sorted(found)) or 'no subsets'}")
        # a mirror folder has no subset level: its rows are kept whatever subsets are named
        rows = [row for row in rows if not row["_subset"] or row["_subset"] in data.subsets]
    groups = group_rows(rows)
    return [Sample(row["_path"], row["_label"], row["_split"], row["_subset"], group)
            for row, group in zip(rows, groups)]


def split_samples(data: Data, seed: int) -> Splits:
    samples = read_samples(data)
    train = [s for s in samples if s.split in data.train_splits]
    val = [s for s in samples if s.split in data.val_splits]
    ignored = Counter(s.split for s in samples if s.split not in data.train_splits + data.val_splits)
    if not train:
        found = ", ".join(sorted({s.split for s in samples})) or "none"
        raise DataError(f"no training images: data.train_splits is {data.train_splits}, the data's splits are {found}")
    held_out = not val
    if held_out:
        train, val = hold_out_groups(train, data.val_fraction, seed)
    else:
        crossing = {s.group for s in train} & {s.group for s in val}
        if crossing:
            group = sorted(crossing)[0]
            example = next(s.path for s in val if s.group == group)
            raise DataError(f"{len(crossing)} source groups are in both train and validation, e.g. {group} "
                            f"({example}): validation would score images the model has seen")
    return Splits(train, val, held_out, ignored)


def hold_out_groups(samples: list[Sample], fraction: float, seed: int) -> tuple[list[Sample], list[Sample]]:
    """A seeded grouped split, stratified by each group's majority label so both classes reach validation when
    each has at least two groups."""
    labels: dict[str, list[int]] = defaultdict(list)
    for s in samples:
        labels[s.group].append(s.label)
    strata: dict[int, list[str]] = defaultdict(list)
    for group in sorted(labels):
        strata[int(np.mean(labels[group]) >= 0.5)].append(group)
    rng = np.random.default_rng(seed)
    held: set[str] = set()
    for label in sorted(strata):
        groups = strata[label]
        count = min(len(groups) - 1, max(1, round(fraction * len(groups))))
        held.update(rng.permutation(groups)[:count].tolist())
    if not held:
        raise DataError(f"{len(labels)} source groups cannot give a validation split (each class needs at least two "
                        "groups); add a `val` split or more sources")
    return [s for s in samples if s.group not in held], [s for s in samples if s.group in held]


def open_image(path: Path) -> Image.Image:
    try:
        with Image.open(path) as image:
            # as CAMO decodes it: EXIF orientation applied, RGB
            return ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, ValueError) as error:
        raise DataError(f"{path}: cannot decode: {error}") from None


class TrainSet(torch.utils.data.Dataset):
    """Augmented training images. The augmentation of image i in epoch e is drawn from its own stream seeded by
    (seed, e, i), so it is the same whatever the worker count, the batch order or a resume."""

    def __init__(self, samples: list[Sample], config: Config, mean, std):
        self.samples, self.config, self.mean, self.std = samples, config, mean, std
        self.epoch = 0

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int):
        sample = self.samples[index]
        rng = np.random.default_rng([self.config.seed, self.epoch, index])
        image = augment.train_view(open_image(sample.path), self.config.augment, self.config.input, rng)
        return augment.to_tensor(image, self.mean, self.std), sample.label


class ValidationSet(torch.utils.data.Dataset):
    """Validation images on a format-controlled copy: real and fake alike are re-encoded as JPEG in memory first,
    so a model that learned "PNG means fake" (or any compression tell) cannot score on it."""

    def __init__(self, samples: list[Sample], config: Config, mean, std):
        self.samples, self.config, self.mean, self.std = samples, config, mean, std

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int):
        sample = self.samples[index]
        image = augment.jpeg_round_trip(open_image(sample.path), self.config.data.val_jpeg_quality)
        return augment.to_tensor(augment.eval_view(image, self.config.input), self.mean, self.std), sample.label


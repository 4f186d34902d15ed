"""Shared fixtures: a handful of dev-set images prepared as `camo dataset prepare` writes them, and tiny configs.

Nothing is downloaded: backbones are randomly initialised and a few dozen pixels wide, so a training epoch takes
well under a second on two CPU cores. Everything is written under pytest's temporary folders.

CAMO_BIN names the camo binary (relative paths are taken from the current directory). With it, the training set
is made by `camo dataset prepare`; without it, the same layout is written here with Pillow (and the one test that
needs the binary, the import into `camo detect`, is skipped). CAMO_DEV_DATA names the dev set (default
../shared/data/dev beside the repository).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
TRAINING = REPO / "training"
DEV = Path(os.environ.get("CAMO_DEV_DATA") or REPO.parent / "shared" / "data" / "dev").resolve()
CAMO_BIN = os.environ.get("CAMO_BIN")
CAMO_BIN = str(Path(CAMO_BIN).resolve()) if CAMO_BIN else None

# Two images from each of three real and three fake sources of the dev set, general content (no face needed):
# six source groups, so a grouped validation split can hold out one group of each class.
SOURCES = {
    "ianare/exif-samples": 2, "c2pa-org/public-testfiles": 2, "contentauth/c2pa-rs": 2,
    "lstein/stable-diffusion": 2, "CompVis/stable-diffusion": 2, "Kwai-Kolors/Kolors": 2,
}
TILE = 64


def pytest_report_header(config):
    how = f"camo dataset prepare ({CAMO_BIN})" if CAMO_BIN else "written by the tests (CAMO_BIN unset)"
    return [f"dev set: {DEV}", f"training set: {how}"]


@pytest.fixture(scope="session")
def dev_rows() -> list[dict]:
    manifest = DEV / "manifest.csv"
    if not manifest.is_file():
        pytest.skip(f"the dev set is not at {DEV} (set CAMO_DEV_DATA)")
    wanted = dict(SOURCES)
    rows = []
    for row in csv.DictReader(manifest.open()):
        if row["content"] == "general" and row["path"].endswith((".jpg", ".png")) and wanted.get(row["source"], 0):
            wanted[row["source"]] -= 1
            rows.append(row)
    assert not any(wanted.values()), f"the dev set lacks images of {wanted}"
    return rows


@pytest.fixture(scope="session")
def prepared(tmp_path_factory, dev_rows) -> Path:
    """Two subsets (none, jpeg), everything in train: four 64 px tiles of each of the 12 images."""
    work = tmp_path_factory.mktemp("prepared")
    listing = work / "listing"
    for row in dev_rows:
        (listing / row["path"]).parent.mkdir(parents=True, exist_ok=True)
        (listing / row["path"]).symlink_to(DEV / row["path"])
    with (listing / "manifest.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["path", "label", "source", "generator"])
        for row in dev_rows:
            writer.writerow([row["path"], row["label"], row["source"], row["generator"]])
    out = work / "out"
    if CAMO_BIN:
        subprocess.run([CAMO_BIN, "dataset", "prepare", "general", str(listing), "--out", str(out), "--size",
                        str(TILE), "--crop", "tiles", "--max-tiles", "4", "--transforms", "none,jpeg"],
                       check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    else:
        write_prepared_like(dev_rows, out)
    return out


def write_prepared_like(rows: list[dict], out: Path) -> None:
    """The layout and columns of `camo dataset prepare general --crop tiles`, written with Pillow."""
    for subset in ("none", "jpeg"):
        folder = out / subset / "train"
        folder.mkdir(parents=True)
        with (folder / "metadata.jsonl").open("w") as table:
            for index, row in enumerate(rows):
                source = DEV / row["path"]
                with Image.open(source) as image:
                    image = image.convert("RGB")
                for tile in range(4):
                    x, y = TILE * tile, 0
                    crop = image.crop((x, y, x + TILE, y + TILE))
                    if subset == "jpeg":
                        buffer = io.BytesIO()
                        crop.save(buffer, format="JPEG", quality=60)
                        crop = Image.open(buffer).convert("RGB")
                    name = f"{index:06d}_t{tile}.png"
                    crop.save(folder / name)
                    table.write(json.dumps({
                        "file_name": name, "label": int(row["label"] == "fake"), "source": row["source"],
                        "source_file": row["path"], "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
                        "transform": subset, "generator": row["generator"]}) + "\n")


def tiny_config(folder: Path, roots, **sections) -> Path:
    """A config for a resnet10t at 1/8 of its widths on 48 px inputs; sections override or extend it."""
    config = {
        "seed": 0,
        "data": {"roots": [str(r) for r in roots], "batch_size": 16, "workers": 0},
        "model": {"backbone": "resnet10t", "kwargs": {"stem_width": 8, "channels": [8, 16, 32, 64]}},
        "input": {"size": 48},
        "optimizer": {"lr": 1e-3},
        "train": {"epochs": 1, "threads": 1},
    }
    for name, values in sections.items():
        if isinstance(values, dict) and isinstance(config.get(name), dict):
            config[name] = {**config[name], **values}
        else:
            config[name] = values
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def run_cli(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "camo_training", *map(str, args)], cwd=TRAINING,
                          capture_output=True, text=True, **kwargs)

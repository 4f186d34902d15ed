"""`camo mirror`'s real output, read and trained on: the training package's reader was written to the contract in
docs/mirror.md; this runs the binary (CAMO_BIN) over loopback against the test engines of `make test`
(scripts/tests/mirror_test_engines.py: an OpenAI-compatible chat captioner and an AUTOMATIC1111 generator here) on a
handful of small real dev images, then reads the folder as a mirror and fits one epoch on it.

The engines refuse some images by design (by the hash of the captioner's preview): those have no twin and no rows.
Everything is written under pytest's temporary folders; the engines are stopped at teardown.
"""
from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from PIL import Image

from camo_training.config import load_config
from camo_training.data import read_samples, split_samples
from camo_training.train import fit
from conftest import CAMO_BIN, DEV, REPO, tiny_config

ENGINES = REPO / "scripts" / "tests" / "mirror_test_engines.py"
REALS = 8                 # real images mirrored: 4 from each of two sources
MAX_PIXELS = 500_000

pytestmark = pytest.mark.skipif(not CAMO_BIN, reason="CAMO_BIN is unset: `camo mirror` is needed to make the mirror "
                                                     "folder (e.g. CAMO_BIN=.build/release/camo)")


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    """The loopback test engines on a free port; stopped at teardown."""
    if not ENGINES.is_file():
        pytest.skip(f"the test engines are not at {ENGINES}")
    log = tmp_path_factory.mktemp("engines") / "requests.jsonl"
    process = subprocess.Popen([sys.executable, str(ENGINES), "--log", str(log)], stdout=subprocess.PIPE, text=True)
    try:
        port = process.stdout.readline().strip()
        assert port.isdigit(), f"the test engines printed {port!r} instead of their port"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def small_reals() -> list[dict]:
    """The first real JPEGs of at most 0.5 MP (and at least 0.1 MP) of two dev sources, four of each."""
    manifest = DEV / "manifest.csv"
    if not manifest.is_file():
        pytest.skip(f"the dev set is not at {DEV} (set CAMO_DEV_DATA)")
    wanted = {"serengil/deepface": REALS // 2, "ianare/exif-samples": REALS // 2}
    chosen = []
    for row in csv.DictReader(manifest.open()):
        if row["label"] != "real" or not wanted.get(row["source"]) or not row["path"].lower().endswith(".jpg"):
            continue
        with Image.open(DEV / row["path"]) as image:
            if not 100_000 <= image.width * image.height <= MAX_PIXELS:
                continue
        wanted[row["source"]] -= 1
        chosen.append(row)
    assert not any(wanted.values()), f"the dev set lacks small real JPEGs of {wanted}"
    return chosen


@pytest.fixture(scope="module")
def mirrored(tmp_path_factory, engines) -> Path:
    """`camo mirror` of the small reals: a manifest without a source column (so camo mirror writes each pair id as
    its source and every pair is a group of its own), one of the images stored as PNG to get a non-JPEG pair."""
    work = tmp_path_factory.mktemp("mirror")
    data = work / "data"
    (data / "images").mkdir(parents=True)
    with (data / "manifest.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["path", "label"])
        for index, row in enumerate(small_reals()):
            name = Path(row["path"]).name
            if index == 1:
                # the dev set's small reals are all JPEGs; a PNG copy of one gives a PNG pair (jpeg_quality null)
                name = Path(name).with_suffix(".png").name
                with Image.open(DEV / row["path"]) as image:
                    image.convert("RGB").save(data / "images" / name)
            else:
                shutil.copyfile(DEV / row["path"], data / "images" / name)
            writer.writerow([f"images/{name}", "real"])
    config = work / "mirror.yaml"
    config.write_text(f"""
engines:
  chat: {{kind: openai-chat, url: "{engines}", model: test-vlm, timeout: 20}}
  a1111: {{kind: automatic1111, url: "{engines}", timeout: 20}}
caption: {{engine: chat}}
retries: {{attempts: 3, initial_delay: 0.05, max_delay: 0.5}}
models:
  - {{name: sd15, engine: a1111, steps: 20, guidance: 7, size: {{megapixels: 0.0625, multiple_of: 64}}}}
""")
    out = work / "out"
    result = subprocess.run([CAMO_BIN, "mirror", str(data / "manifest.csv"), "--out", str(out), "--config",
                             str(config)], cwd=work, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"camo mirror failed:\n{result.stdout}\n{result.stderr}"
    return out


def metadata(out: Path) -> list[dict]:
    with (out / "train" / "metadata.jsonl").open() as f:
        return [json.loads(line) for line in f if line.strip()]


def test_camo_mirror_writes_the_documented_layout_and_columns(mirrored):
    report = json.loads((mirrored / "mirror-report.json").read_text())
    rows = metadata(mirrored)
    pairs = report["mirrored"]
    assert report["real_images"] == REALS and pairs + sum(report["refused_by_reason"].values()) == REALS
    assert pairs >= 4, f"the test engines refused too many of the images: {report['problems']}"
    assert len(rows) == 2 * pairs
    by_pair = defaultdict(dict)
    for row in rows:
        by_pair[row["pair_id"]][row["label"]] = row
    assert len(by_pair) == pairs and all(set(twins) == {0, 1} for twins in by_pair.values())
    formats = set()
    for pair_id, twins in by_pair.items():
        real, fake = twins[0], twins[1]
        assert real["file_name"].startswith("real/") and fake["file_name"].startswith("fake/")
        assert Path(real["file_name"]).name == Path(fake["file_name"]).name
        for row in (real, fake):
            # file names are relative to train/, where metadata.jsonl is
            assert (mirrored / "train" / row["file_name"]).is_file()
            assert row["source"] == pair_id  # the dataset has no source column
            assert isinstance(row["parameters"], dict) and isinstance(row["reported"], dict)
        assert real["source_sha256"] == fake["source_sha256"] == real["sha256"]
        assert real.get("seed") is None and isinstance(fake["seed"], int)
        assert fake["model"] == "sd15" and fake["parameters"]["seed"] == fake["seed"]
        assert real["format"] == fake["format"] and (real["width"], real["height"]) == (fake["width"], fake["height"])
        if real["format"] == "jpeg":
            assert isinstance(real["jpeg_quality"], int) and fake["jpeg_quality"] == real["jpeg_quality"]
        else:
            # absent (or null) for formats without a JPEG quality
            assert real.get("jpeg_quality") is None and fake.get("jpeg_quality") is None
        formats.add(real["format"])
    refused = {problem["source_file"] for problem in report["problems"]}
    png_refused = any(name.endswith(".png") for name in refused)
    assert formats == ({"jpeg"} if png_refused else {"jpeg", "png"}), formats


def test_the_mirror_is_read_with_every_fake_grouped_with_its_real_twin(tmp_path, mirrored):
    rows = metadata(mirrored)
    pairs = len(rows) // 2
    config = load_config(tiny_config(tmp_path, [mirrored]))
    samples = read_samples(config.data)
    assert len(samples) == 2 * pairs
    assert Counter(s.label for s in samples) == {0: pairs, 1: pairs}
    assert {s.split for s in samples} == {"train"} and {s.subset for s in samples} == {""}
    by_name = {(s.path.parent.name, s.path.name): s for s in samples}
    assert len(by_name) == len(samples)
    for row in rows:
        sample = by_name[tuple(Path(row["file_name"]).parts)]
        assert sample.label == row["label"]
        twin = by_name[("real" if row["label"] else "fake", Path(row["file_name"]).name)]
        assert twin.group == sample.group, f"{row['file_name']} is not grouped with its twin"
    # no source column: every pair is a group of its own
    assert sorted(Counter(s.group for s in samples).values()) == [2] * pairs

    # two mirror folders: the pair-id sources both write (000000, ...) do not link them; the photo a pair was
    # made from (source_sha256) does
    same = tmp_path / "same"
    shutil.copytree(mirrored / "train", same / "train")
    both = read_samples(load_config(tiny_config(tmp_path / "both", [mirrored, same])).data)
    assert len(both) == 4 * pairs and sorted(Counter(s.group for s in both).values()) == [4] * pairs
    other = tmp_path / "other"  # as if other photos had been mirrored
    shutil.copytree(mirrored / "train", other / "train")
    table = other / "train" / "metadata.jsonl"
    table.write_text("".join(json.dumps(dict(row, source_sha256=row["source_sha256"][::-1])) + "\n"
                             for row in metadata(other)))
    apart = read_samples(load_config(tiny_config(tmp_path / "apart", [mirrored, other])).data)
    assert len(apart) == 4 * pairs and sorted(Counter(s.group for s in apart).values()) == [2] * (2 * pairs)


def test_one_epoch_fits_on_the_mirror_with_twins_on_one_side_of_the_split(tmp_path, mirrored):
    config = load_config(tiny_config(tmp_path, [mirrored]))
    splits = split_samples(config.data, config.seed)
    assert splits.held_out_from_train
    assert not {s.group for s in splits.train} & {s.group for s in splits.val}
    for side in (splits.train, splits.val):
        twins = Counter(s.path.name for s in side)
        assert set(twins.values()) == {2}, "a pair split across train and validation"
        assert {s.label for s in side} == {0, 1}

    lines = []
    result = fit(config, out=tmp_path / "run", log=lines.append)
    (row,) = result["history"]
    assert math.isfinite(row["train_loss"]) and math.isfinite(row["val_loss"])
    assert row["auc"] is not None and 0 <= row["auc"] <= 1
    assert row["images"] == len(splits.val) and row["train_images"] > 0
    assert any(line.startswith("train: ") and "groups" in line for line in lines)
    assert any(line.startswith("epoch 1/1  train loss ") for line in lines)
    for name in ("best.pt", "last.pt", "history.json"):
        assert (tmp_path / "run" / name).is_file(), name

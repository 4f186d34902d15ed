import hashlib
import json
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import timm.data
import torch
import yaml
from PIL import Image

from camo_training import augment
from camo_training.config import Input, config_from_dict
from camo_training.data import TrainSet, ValidationSet, open_image, read_samples, split_samples
from camo_training.errors import DataError
from conftest import DEV, tiny_config


def config_for(roots, **data):
    return config_from_dict({"data": {"roots": [str(r) for r in roots], "workers": 0, **data},
                             "model": {"backbone": "resnet10t"}, "input": {"size": 48}})


def write_mirror(folder: Path, pairs: int, with_source: bool | str = True) -> Path:
    """`camo mirror`'s layout and columns: train/real/<pair>.png and train/fake/<pair>.png, one metadata.jsonl.
    with_source: True, a source column; "pair_id", the pair id as source (what `camo mirror` writes when its dataset
    has no source column); False, no source column at all."""
    train = folder / "train"
    (train / "real").mkdir(parents=True)
    (train / "fake").mkdir()
    rng = np.random.default_rng(1)
    with (train / "metadata.jsonl").open("w") as table:
        for pair in range(pairs):
            pair_id = f"{pair:06d}"
            photo = f"{folder.name}/{pair_id}"  # different photos in differently named folders
            for label, kind in ((0, "real"), (1, "fake")):
                pixels = rng.integers(0, 256, (40, 56, 3), dtype=np.uint8)
                Image.fromarray(pixels).save(train / kind / f"{pair_id}.png")
                row = {"file_name": f"{kind}/{pair_id}.png", "label": label, "pair_id": pair_id,
                       "source_file": f"photos/{pair_id}.jpg",
                       "source_sha256": hashlib.sha256(photo.encode()).hexdigest(),
                       "caption": "a photo", "caption_raw": "a photo", "caption_engine": "chat vlm",
                       "moderation_engine": "", "format": "png", "width": 56, "height": 40,
                       "generator": "", "model": "", "engine": "", "parameters": {}, "reported": {}, "seconds": {},
                       "sha256": "0" * 64}
                if label == 1:
                    row.update(generator="sdxl", model="sdxl", engine="comfy (comfyui)", seed=pair,
                               parameters={"steps": 4, "seed": pair, "width": 64, "height": 48},
                               reported={"prompt_id": "x"}, seconds={"caption": 0.1, "generation": 1.0})
                if with_source is True:
                    row["source"] = f"photos/{pair_id}.jpg"
                elif with_source == "pair_id":
                    row["source"] = pair_id
                table.write(json.dumps(row) + "\n")
    return folder


def test_prepared_subsets_are_chosen_by_name(prepared):
    both = read_samples(config_for([prepared]).data)
    only = read_samples(config_for([prepared], subsets=["jpeg"]).data)
    per_subset = Counter(s.subset for s in both)
    assert set(per_subset) == {"none", "jpeg"} and per_subset["none"] == per_subset["jpeg"] >= 24
    assert {s.subset for s in only} == {"jpeg"} and len(only) == per_subset["jpeg"]
    assert set(Counter(s.label for s in only)) == {0, 1}


def test_naming_a_subset_the_data_lack_lists_those_they_hold(prepared):
    with pytest.raises(DataError, match=r"data.subsets: L1 not found; the data hold: jpeg, none"):
        read_samples(config_for([prepared], subsets=["none", "L1"]).data)


def test_a_source_image_and_its_tiles_and_transforms_are_one_group(prepared):
    samples = read_samples(config_for([prepared]).data)
    # six sources in the listing: every tile of every transform of one source's images shares its group
    assert len({s.group for s in samples}) == 6


def test_the_held_out_validation_split_shares_no_group_with_train_and_has_both_classes(prepared):
    for seed in range(5):
        splits = split_samples(config_for([prepared]).data, seed)
        assert splits.held_out_from_train
        assert not {s.group for s in splits.train} & {s.group for s in splits.val}
        assert {s.label for s in splits.val} == {0, 1} and {s.label for s in splits.train} == {0, 1}


def test_mirror_twins_are_read_with_their_labels_and_grouped_together(tmp_path):
    samples = read_samples(config_for([write_mirror(tmp_path / "mirror", pairs=10)]).data)
    assert len(samples) == 20 and Counter(s.label for s in samples) == {0: 10, 1: 10}
    assert {s.split for s in samples} == {"train"} and {s.subset for s in samples} == {""}
    by_group = Counter(s.group for s in samples)
    assert len(by_group) == 10 and set(by_group.values()) == {2}
    for group in by_group:
        twins = [s for s in samples if s.group == group]
        assert {s.label for s in twins} == {0, 1}
        assert twins[0].path.name == twins[1].path.name  # real/<pair>.png and fake/<pair>.png


@pytest.mark.parametrize("with_source", [False, "pair_id"])
def test_mirror_twins_without_a_source_column_are_grouped_by_pair_id(tmp_path, with_source):
    root = write_mirror(tmp_path / "mirror", pairs=10, with_source=with_source)
    for seed in range(5):
        splits = split_samples(config_for([root]).data, seed)
        for side in (splits.train, splits.val):
            pairs = Counter(s.path.stem for s in side)
            assert set(pairs.values()) == {2}, "a twin on each side of the split"
        assert len(splits.val) == 2 * round(0.2 * 10)


@pytest.mark.parametrize("with_source", [False, "pair_id"])
def test_pair_ids_link_twins_only_within_their_own_mirror_folder(tmp_path, with_source):
    # two mirror runs both number their pairs from 000000 (and write it as the source when their dataset has
    # none); their photos are different ones
    first = write_mirror(tmp_path / "first", pairs=3, with_source=with_source)
    second = write_mirror(tmp_path / "second", pairs=3, with_source=with_source)
    samples = read_samples(config_for([first, second]).data)
    assert len({s.group for s in samples}) == 6


def test_a_mirror_folder_is_kept_when_prepared_subsets_are_named(tmp_path, prepared):
    mirror = write_mirror(tmp_path / "mirror", pairs=4)
    prepared_only = read_samples(config_for([prepared], subsets=["none"]).data)
    samples = read_samples(config_for([prepared, mirror], subsets=["none"]).data)
    assert Counter(s.subset for s in samples) == {"none": len(prepared_only), "": 8}


def test_a_validation_split_that_shares_a_group_with_train_is_refused(tmp_path):
    root = write_mirror(tmp_path / "mirror", pairs=4)
    shutil.copytree(root / "train", root / "val")
    with pytest.raises(DataError, match="4 source groups are in both train and validation"):
        split_samples(config_for([root]).data, 0)


def test_the_data_s_own_validation_split_is_used_when_there_is_one(tmp_path):
    train = write_mirror(tmp_path / "a", pairs=4)
    val = write_mirror(tmp_path / "b", pairs=2)
    (val / "train").rename(val / "val")
    # other photos: make their groups differ from train's
    table = val / "val" / "metadata.jsonl"
    table.write_text(table.read_text().replace("photos/", "other/"))
    splits = split_samples(config_for([train, val]).data, 0)
    assert not splits.held_out_from_train and len(splits.train) == 8 and len(splits.val) == 4


def test_a_missing_image_is_an_error_naming_the_row(tmp_path):
    root = write_mirror(tmp_path / "mirror", pairs=2)
    (root / "train" / "fake" / "000001.png").unlink()
    with pytest.raises(DataError, match=r"metadata.jsonl:4: fake/000001.png: no such file"):
        read_samples(config_for([root]).data)


def test_a_bad_label_is_an_error_naming_the_row(tmp_path):
    root = write_mirror(tmp_path / "mirror", pairs=2)
    table = root / "train" / "metadata.jsonl"
    lines = table.read_text().splitlines()
    lines[2] = lines[2].replace('"label": 0', '"label": 2')
    table.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=r"metadata.jsonl:3: label must be 0 \(real\) or 1 \(fake\), got 2"):
        read_samples(config_for([root]).data)


def test_an_empty_dataset_is_an_error(tmp_path):
    (tmp_path / "empty" / "train").mkdir(parents=True)
    (tmp_path / "empty" / "train" / "metadata.jsonl").write_text("")
    with pytest.raises(DataError, match="no training images"):
        split_samples(config_for([tmp_path / "empty"]).data, 0)
    (tmp_path / "bare").mkdir()
    with pytest.raises(DataError, match="no metadata.jsonl below it"):
        read_samples(config_for([tmp_path / "bare"]).data)
    with pytest.raises(DataError, match="no such folder"):
        read_samples(config_for([tmp_path / "absent"]).data)


def test_an_undecodable_image_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(DataError, match="broken.png: cannot decode"):
        open_image(path)


def test_validation_scores_a_jpeg_q90_copy_of_every_image_real_or_fake(tmp_path):
    root = write_mirror(tmp_path / "mirror", pairs=5)
    config = config_for([root])
    splits = split_samples(config.data, 0)
    mean, std = (0.5, 0.5, 0.5), (0.5, 0.5, 0.5)
    val = ValidationSet(splits.val, config, mean, std)
    for index, sample in enumerate(splits.val):
        tensor, label = val[index]
        image = open_image(sample.path)
        reencoded = augment.to_tensor(augment.eval_view(augment.jpeg_round_trip(image, 90), config.input), mean, std)
        as_is = augment.to_tensor(augment.eval_view(image, config.input), mean, std)
        assert torch.equal(tensor, reencoded) and label == sample.label
        assert not torch.equal(tensor, as_is)


@pytest.mark.parametrize("mode, crop_pct, interpolation", [("center", 1.0, "bicubic"), ("center", 0.875, "bilinear"),
                                                          ("squash", 0.9, "bicubic")])
def test_the_evaluation_view_is_timm_s_evaluation_transform(dev_rows, mode, crop_pct, interpolation):
    # the exported config.json makes CAMO reproduce timm's transform: validation must see what CAMO will feed
    input = Input(size=40, interpolation=interpolation, crop_pct=crop_pct, crop_mode=mode)
    transform = timm.data.create_transform(input_size=(3, 40, 40), interpolation=interpolation, crop_pct=crop_pct,
                                           crop_mode=mode, mean=(0.485, 0.456, 0.406), std=(0.229, 0.224, 0.225))
    for row in dev_rows[::3]:
        image = open_image(DEV / row["path"])
        ours = augment.to_tensor(augment.eval_view(image, input), (0.485, 0.456, 0.406), (0.229, 0.224, 0.225))
        assert torch.equal(ours, transform(image)), row["path"]


def test_a_training_view_depends_only_on_seed_epoch_and_image(tmp_path, prepared):
    config = config_from_dict(yaml.safe_load(tiny_config(tmp_path, [prepared]).read_text()))
    samples = read_samples(config.data)[:6]
    views = TrainSet(samples, config, (0.5,) * 3, (0.5,) * 3)
    first = [views[i][0] for i in range(6)]
    again = [views[i][0] for i in reversed(range(6))][::-1]
    assert all(torch.equal(a, b) for a, b in zip(first, again))
    views.epoch = 1
    assert not all(torch.equal(a, views[i][0]) for i, a in enumerate(first))


def test_every_augmentation_step_runs_and_keeps_the_input_size():
    config = config_from_dict({"data": {"roots": ["d"]}, "model": {"backbone": "x"}, "input": {"size": 40},
                               "augment": {name: {"p": 1.0} for name in ("crop", "resize", "rotation", "hflip", "vflip",
                                                                         "colour", "jpeg", "blur", "noise")}})
    image = Image.fromarray(np.random.default_rng(0).integers(0, 256, (70, 90, 3), dtype=np.uint8))
    view = augment.train_view(image, config.augment, config.input, np.random.default_rng(3))
    plain = augment.eval_view(image, config.input)
    assert view.size == (40, 40) and view.mode == "RGB"
    assert np.abs(np.asarray(view, np.int16) - np.asarray(plain, np.int16)).mean() > 5

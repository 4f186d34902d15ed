from pathlib import Path

import pytest
import yaml

from camo_training.config import config_from_dict, load_config
from camo_training.errors import ConfigError
from conftest import run_cli

MINIMAL = {"data": {"roots": ["data"]}, "model": {"backbone": "efficientnet_b0"}}


def with_section(name, values):
    return {**MINIMAL, name: values}


def error_of(raw) -> str:
    with pytest.raises(ConfigError) as caught:
        config_from_dict(raw, "fit.yaml")
    return str(caught.value)


def test_a_minimal_config_takes_the_documented_defaults():
    config = config_from_dict(MINIMAL)
    assert config.train.epochs == 10 and config.optimizer.name == "adamw" and config.schedule.name == "cosine"
    assert config.data.val_jpeg_quality == 90 and config.data.train_splits == ["train"]
    assert config.augment.hflip.p == 0.5 and config.augment.vflip.p == 0.0
    assert config.input.mean is None  # the backbone's own


def test_a_misspelt_key_is_an_error_naming_it_and_the_key_meant():
    message = error_of(with_section("train", {"epocs": 3}))
    assert "fit.yaml: train.epocs: unknown key (did you mean 'epochs'?)" in message


def test_an_unknown_top_level_section_is_an_error():
    assert "optimiser: unknown key (did you mean 'optimizer'?)" in error_of({**MINIMAL, "optimiser": {"lr": 1}})


def test_a_wrong_type_is_an_error_naming_the_key_and_the_type_expected():
    assert "optimizer.lr: expected a number, got 'fast'" in error_of(with_section("optimizer", {"lr": "fast"}))
    assert "train.epochs: expected a whole number, got 2.5" in error_of(with_section("train", {"epochs": 2.5}))
    assert "train.epochs: expected a whole number, got True" in error_of(with_section("train", {"epochs": True}))
    assert "data.roots: expected a list" in error_of({**MINIMAL, "data": {"roots": "data"}})
    assert "augment.crop.scale: expected a list of 2 numbers" in error_of(
        with_section("augment", {"crop": {"scale": [0.5]}}))


def test_an_exponent_without_a_dot_is_read_as_the_number_it_means():
    # YAML 1.1 reads 1e-4 as a string
    config = config_from_dict(yaml.safe_load("data: {roots: [d]}\nmodel: {backbone: x}\noptimizer: {lr: 1e-4}"))
    assert config.optimizer.lr == 1e-4


def test_a_choice_outside_the_allowed_ones_names_them():
    assert "schedule.name: expected one of constant, cosine, step, got 'linear'" in error_of(
        with_section("schedule", {"name": "linear"}))


def test_values_out_of_range_are_refused():
    assert "augment.jpeg.p: a probability must lie in [0, 1]" in error_of(with_section("augment", {"jpeg": {"p": 1.5}}))
    assert "augment.blur.sigma: expected [low, high]" in error_of(with_section("augment", {"blur": {"sigma": [2, 1]}}))
    assert "data.val_fraction" in error_of({**MINIMAL, "data": {"roots": ["d"], "val_fraction": 1.0}})
    assert "train.device" in error_of(with_section("train", {"device": "gpu"}))


def test_a_missing_required_key_is_named():
    assert "fit.yaml: model: required" in error_of({"data": {"roots": ["d"]}})
    assert "fit.yaml: model.backbone: required" in error_of({"data": {"roots": ["d"]}, "model": {}})


def test_paths_are_relative_to_the_config_file(tmp_path):
    path = tmp_path / "configs" / "run.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump({"data": {"roots": ["../prepared"]}, "model": {"backbone": "resnet18",
                                                                                   "weights": "w.safetensors"}}))
    config = load_config(path)
    assert config.data.roots == [str(tmp_path / "prepared")]
    assert config.model.weights == str(tmp_path / "configs" / "w.safetensors")
    assert config.output == str(tmp_path / "configs" / "runs" / "run")


def test_the_command_line_reports_a_bad_key_in_one_line_without_a_traceback(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(with_section("train", {"epocs": 3})))
    result = run_cli("fit", path)
    assert result.returncode == 1
    assert "train.epocs: unknown key" in result.stderr and "Traceback" not in result.stderr


def test_the_shipped_example_configs_load():
    configs = sorted((Path(__file__).parents[1] / "configs").glob("*.yaml"))
    assert configs, "training/configs/ holds the example configs docs/training.md names"
    for path in configs:
        load_config(path)

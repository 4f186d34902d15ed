import json
import math
import signal
import subprocess
import sys

import pytest
import torch

from camo_training.config import load_config
from camo_training.errors import ConfigError, TrainingError
from camo_training.model import build_model
from camo_training import train
from camo_training.train import fit, load_checkpoint
from conftest import TRAINING, run_cli, tiny_config


def quiet(line):
    pass


def losses(history):
    return [(row["train_loss"], row["val_loss"]) for row in history]


def test_one_epoch_on_a_prepared_dev_subset_trains_validates_and_checkpoints(tmp_path, prepared):
    lines = []
    result = fit(load_config(tiny_config(tmp_path, [prepared])), out=tmp_path / "run", log=lines.append)
    (row,) = result["history"]
    assert math.isfinite(row["train_loss"]) and math.isfinite(row["val_loss"])
    # both classes reach the held-out groups, so the AUC is defined
    assert 0 <= row["auc"] <= 1 and 0 <= row["accuracy"] <= 1 and 0 <= row["ap"] <= 1
    assert row["train_images"] > 0 and row["images"] == len(result["splits"].val)
    assert any(line.startswith("epoch 1/1  train loss ") and " AUC " in line for line in lines)
    for name in ("last.pt", "best.pt", "config.yaml", "history.json"):
        assert (tmp_path / "run" / name).is_file(), name
    assert load_checkpoint(tmp_path / "run" / "last.pt")["state"]["epoch"] == 1


def test_the_same_seed_gives_identical_losses_and_another_seed_other_ones(tmp_path, prepared):
    runs = {}
    for name, seed in (("a", 0), ("b", 0), ("c", 1)):
        config = load_config(tiny_config(tmp_path / name, [prepared], seed=seed, train={"epochs": 2}))
        runs[name] = losses(fit(config, out=tmp_path / name / "run", log=quiet)["history"])
    assert runs["a"] == runs["b"]
    assert runs["a"] != runs["c"]


def test_a_run_killed_mid_training_resumes_to_the_weights_and_losses_of_an_uninterrupted_one(tmp_path, prepared):
    epochs = 4
    config_path = tiny_config(tmp_path, [prepared], train={"epochs": epochs})
    whole = fit(load_config(config_path), out=tmp_path / "whole", log=quiet)

    killed = tmp_path / "killed"
    process = subprocess.Popen([sys.executable, "-m", "camo_training", "fit", str(config_path), "--out", str(killed)],
                               cwd=TRAINING, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in process.stdout:
        if line.startswith("epoch 1/"):
            # epoch 2 is under way: its checkpoint is not written yet
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    done = load_checkpoint(killed / "last.pt")["state"]["epoch"]
    assert 1 <= done < epochs

    resumed = run_cli("fit", config_path, "--out", killed, "--resume", timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"resumed {killed} after epoch {done}" in resumed.stdout
    after = load_checkpoint(killed / "last.pt")
    assert losses(after["state"]["history"]) == losses(whole["history"])
    expected = load_checkpoint(tmp_path / "whole" / "last.pt")
    assert after["model"].keys() == expected["model"].keys()
    for key, value in expected["model"].items():
        assert torch.equal(after["model"][key], value), key


def test_a_run_folder_is_not_overwritten_and_resumes_only_with_the_same_config(tmp_path, prepared):
    config_path = tiny_config(tmp_path, [prepared])
    fit(load_config(config_path), out=tmp_path / "run", log=quiet)
    with pytest.raises(TrainingError, match="holds a run"):
        fit(load_config(config_path), out=tmp_path / "run", log=quiet)
    changed = load_config(tiny_config(tmp_path / "other", [prepared], optimizer={"lr": 0.01}))
    with pytest.raises(ConfigError, match="optimizer.lr was 0.001, now 0.01"):
        fit(changed, out=tmp_path / "run", resume=True, log=quiet)
    with pytest.raises(TrainingError, match="no last.pt to resume from"):
        fit(load_config(config_path), out=tmp_path / "fresh", resume=True, log=quiet)


def test_a_finished_run_can_be_extended_by_more_epochs(tmp_path, prepared):
    fit(load_config(tiny_config(tmp_path, [prepared])), out=tmp_path / "run", log=quiet)
    longer = fit(load_config(tiny_config(tmp_path, [prepared], train={"epochs": 2})), out=tmp_path / "run",
                 resume=True, log=quiet)
    assert [row["epoch"] for row in longer["history"]] == [1, 2]


def test_early_stopping_ends_the_run_after_patience_epochs_without_a_better_auc(tmp_path, prepared, monkeypatch):
    # validation scripted: epoch 2 is the best, 3 and 4 do not beat it (4 only equals it)
    aucs = iter([0.6, 0.7, 0.65, 0.7, 0.9, 0.9])
    monkeypatch.setattr(train, "validate", lambda *args: {"val_loss": 0.5, "auc": next(aucs), "ap": 0.5,
                                                          "accuracy": 0.5, "images": 10})
    config = load_config(tiny_config(tmp_path, [prepared], train={"epochs": 6}, early_stopping={"patience": 2}))
    lines = []
    result = fit(config, out=tmp_path / "run", log=lines.append)
    assert [row["epoch"] for row in result["history"]] == [1, 2, 3, 4]
    assert result["best"]["epoch"] == 2
    assert load_checkpoint(tmp_path / "run" / "best.pt")["state"]["epoch"] == 2
    assert "early stop: no better validation auc for 2 epochs" in lines


@pytest.mark.parametrize("backbone, kwargs", [
    ("resnet10t", {"stem_width": 8, "channels": [8, 16, 32, 64]}),
    # a CLIP-style ViT image tower, tiny: the probe a CLIP checkpoint would get
    ("vit_base_patch16_clip_224", {"img_size": 48, "patch_size": 8, "embed_dim": 32, "depth": 2, "num_heads": 2}),
])
def test_a_frozen_backbone_probe_trains_the_head_alone(tmp_path, prepared, backbone, kwargs):
    path = tiny_config(tmp_path, [prepared], model={"backbone": backbone, "kwargs": kwargs, "freeze_backbone": True},
                       optimizer={"lr": 0.05})
    config = load_config(path)
    torch.manual_seed(config.seed)
    before = build_model(config.model).state_dict()
    fit(config, out=tmp_path / "run", log=quiet)
    after = load_checkpoint(tmp_path / "run" / "last.pt")["model"]
    head = {name for name in before if name.startswith(("fc.", "head."))}
    assert head
    for name, value in before.items():
        if name in head:
            assert not torch.equal(after[name], value), f"the head did not learn: {name}"
        else:
            # weights and batch-norm statistics alike
            assert torch.equal(after[name], value), f"the frozen backbone changed: {name}"


def test_a_weights_file_initialises_the_backbone_and_a_missing_one_is_named(tmp_path, prepared):
    donor_config = load_config(tiny_config(tmp_path / "donor", [prepared]))
    torch.manual_seed(123)
    donor = build_model(donor_config.model).state_dict()
    torch.save(donor, tmp_path / "weights.pth")
    config = load_config(tiny_config(tmp_path / "user", [prepared], model={
        "backbone": "resnet10t", "kwargs": {"stem_width": 8, "channels": [8, 16, 32, 64]},
        "weights": str(tmp_path / "weights.pth")}))
    torch.manual_seed(0)
    loaded = build_model(config.model).state_dict()
    for name, value in donor.items():
        if not name.startswith("fc."):
            assert torch.equal(loaded[name], value), name
    config.model.weights = str(tmp_path / "absent.pth")
    with pytest.raises(ConfigError, match="model.weights: .*absent.pth: no such file"):
        build_model(config.model)


def test_a_backbone_timm_does_not_know_is_named_with_close_ones(tmp_path, prepared):
    config = load_config(tiny_config(tmp_path, [prepared], model={"backbone": "efficientnet_b00"}))
    with pytest.raises(ConfigError, match="model.backbone: 'efficientnet_b00' is not a timm model; close: "
                                          "efficientnet_b0"):
        fit(config, out=tmp_path / "run", log=quiet)


def test_history_json_holds_one_row_per_epoch(tmp_path, prepared):
    fit(load_config(tiny_config(tmp_path, [prepared], train={"epochs": 2})), out=tmp_path / "run", log=quiet)
    rows = json.loads((tmp_path / "run" / "history.json").read_text())
    assert [row["epoch"] for row in rows] == [1, 2]
    assert {"train_loss", "val_loss", "auc", "accuracy", "ap", "lr", "seconds"} <= set(rows[0])

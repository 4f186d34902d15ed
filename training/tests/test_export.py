import json
import subprocess

import numpy as np
import onnxruntime
import pytest
import torch
import yaml

from camo_training.augment import eval_view, to_tensor
from camo_training.config import config_from_dict, load_config
from camo_training.data import open_image
from camo_training.errors import ExportError
from camo_training.export import export
from camo_training.model import build_model
from camo_training.train import fit, load_checkpoint
from conftest import CAMO_BIN, DEV, REPO, run_cli, tiny_config

# different sizes, orientations and formats: a portrait JPEG, a 2:1 PNG, a landscape JPEG
IMAGES = ["real/deepface__tests__unit__dataset__img10.jpg",
          "fake/ComfyUI_examples__flux__flux_depth_lora_example.png",
          "real/deepface__tests__unit__dataset__img67.jpg"]


@pytest.fixture(scope="module")
def run(tmp_path_factory, prepared):
    folder = tmp_path_factory.mktemp("run")
    # an odd input size and crop_pct below 1, so the resize and the crop both do something
    config = load_config(tiny_config(folder, [prepared], input={"size": 45, "crop_pct": 0.9},
                                     export={"license": "apache-2.0"}))
    fit(config, out=folder / "run", log=lambda line: None)
    return folder / "run"


def pytorch_logits(checkpoint_path, images):
    checkpoint = load_checkpoint(checkpoint_path)
    config = config_from_dict(json.loads(checkpoint["config"]))
    network = build_model(config.model, load_weights=False)
    network.load_state_dict(checkpoint["model"])
    network.eval()
    p = checkpoint["preprocessing"]
    batch = torch.stack([to_tensor(eval_view(open_image(DEV / name), config.input), p["mean"], p["std"])
                         for name in images])
    with torch.no_grad():
        return batch, network(batch).numpy()


def test_the_exported_onnx_computes_pytorch_s_logits_within_1e_4(run, tmp_path):
    report = export(run / "best.pt", tmp_path / "expert", images=[DEV / name for name in IMAGES], log=print)
    assert report["images"] == len(IMAGES) + 3 and report["max_abs_logit_difference"] <= 1e-4
    batch, expected = pytorch_logits(run / "best.pt", IMAGES)
    session = onnxruntime.InferenceSession(str(tmp_path / "expert" / "model.onnx"),
                                           providers=["CPUExecutionProvider"])
    (inputs,), (outputs,) = session.get_inputs(), session.get_outputs()
    assert inputs.name == "pixel_values" and outputs.name == "logits"
    assert not isinstance(inputs.shape[0], int), "the batch axis is dynamic"
    logits = session.run(["logits"], {"pixel_values": batch.numpy()})[0]
    gap = float(np.abs(logits - expected).max())
    print(f"onnxruntime vs PyTorch on {len(IMAGES)} dev images: max |logit difference| {gap:.2e}")
    assert logits.shape == (len(IMAGES), 2) and gap <= 1e-4
    recorded = json.loads((tmp_path / "expert" / "training.json").read_text())["onnx_check"]
    assert recorded["max_abs_logit_difference"] == report["max_abs_logit_difference"]


def test_the_exported_config_is_timm_s_with_the_preprocessing_validated_on(run, tmp_path):
    export(run / "best.pt", tmp_path / "expert", log=lambda line: None)
    config = json.loads((tmp_path / "expert" / "config.json").read_text())
    assert config["label_names"] == ["real", "fake"] and config["num_classes"] == 2
    assert config["architecture"] == "resnet10t"
    cfg = config["pretrained_cfg"]
    assert cfg["input_size"] == [3, 45, 45] and cfg["crop_pct"] == 0.9 and cfg["crop_mode"] == "center"
    assert cfg["interpolation"] == "bicubic" and cfg["mean"] == [0.485, 0.456, 0.406]
    card = (tmp_path / "expert" / "README.md").read_text()
    assert card.startswith("---\nlicense: apache-2.0\n")


def test_an_export_whose_onnx_differs_from_pytorch_writes_nothing(run, tmp_path):
    with pytest.raises(ExportError, match="differ from PyTorch's by .* nothing written"):
        # no difference is below a negative tolerance: the check itself must be able to fail
        export(run / "best.pt", tmp_path / "expert", tolerance=-1.0, log=lambda line: None)
    assert not (tmp_path / "expert").exists()
    assert not any(tmp_path.iterdir()), "no staging folder left behind"


def test_an_export_does_not_replace_a_folder_unless_forced(run, tmp_path):
    (tmp_path / "expert").mkdir()
    (tmp_path / "expert" / "keep.txt").write_text("mine")
    result = run_cli("export", run / "best.pt", "--out", tmp_path / "expert")
    assert result.returncode == 1 and "exists and is not empty; pass --force" in result.stderr
    assert (tmp_path / "expert" / "keep.txt").exists()
    result = run_cli("export", run / "best.pt", "--out", tmp_path / "expert", "--force")
    assert result.returncode == 0, result.stderr
    assert "max |logit difference|" in result.stdout
    assert sorted(p.name for p in (tmp_path / "expert").iterdir()) == [
        "README.md", "config.json", "model.onnx", "training.json"]


def test_the_exported_folder_is_imported_by_camo_and_judges_images_as_pytorch_does(run, tmp_path):
    if not CAMO_BIN:
        pytest.skip("CAMO_BIN is not set: the camo binary is needed to import the exported folder "
                    "(make test-training sets it to .build/release/camo)")
    folder = tmp_path / "trained-expert"
    export(run / "best.pt", folder, log=lambda line: None)
    imported = subprocess.run([CAMO_BIN, "models", "import", str(folder)], cwd=REPO, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    assert "preprocessing (timm): resize the shortest edge to 50" in imported.stdout
    assert "centre crop 45×45" in imported.stdout
    assert "label 0: real → real" in imported.stdout and "label 1: fake → generated" in imported.stdout
    assert "licence: apache-2.0" in imported.stdout

    pipeline = tmp_path / "trained.yaml"
    pipeline.write_text(yaml.safe_dump({
        "name": "trained",
        "gate": {"face_detector": "none", "object_detector": "none", "landmarks": "none"},
        "experts": [{"name": "trained-expert", "kind": "hf-image-classifier", "serves": ["general"],
                     "options": {"folder": "trained-expert"}}],
    }, sort_keys=False))
    detected = subprocess.run([CAMO_BIN, "detect", "--pipeline", str(pipeline), "--json",
                               *[str(DEV / name) for name in IMAGES]], cwd=REPO, capture_output=True, text=True)
    assert detected.returncode == 0, detected.stderr
    results = json.loads(detected.stdout)
    results = results if isinstance(results, list) else [results]
    _, logits = pytorch_logits(run / "best.pt", IMAGES)
    expected = torch.softmax(torch.from_numpy(logits), dim=1)[:, 1].numpy()
    for result, p_fake in zip(results, expected):
        (expert,) = [e for e in result["experts"] if e["name"] == "trained-expert"]
        assert expert["applicable"]
        # CAMO's own resize, crop and normalisation, and ONNX Runtime, against timm's transform and PyTorch
        assert abs(expert["p_fake"] - p_fake) <= 1e-4, (result.get("path"), expert["p_fake"], p_fake)

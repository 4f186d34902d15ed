"""The JSON documents CAMO writes, produced by running the real binary: what `write_schemas.py` infers the
published schemas from and what `scripts/tests/test_schemas.py` validates against them.

Each function takes a list of image paths and a scratch folder and returns {schema name: [documents]}.
"""
import csv
import json
import os
import shutil
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAMO = os.path.abspath(os.environ.get("CAMO_BIN", os.path.join(REPO, ".build/release/camo")))
DEV = os.path.abspath(os.environ.get("CAMO_DEV_DATA", os.path.join(REPO, "../shared/data/dev")))

# Objects whose keys are data (expert names, timing names, metric names, …), not fields: "{}" marks their values.
MAPS = {
    "detection-result": ["timings_ms", "gate.timings_ms", "experts[].evidence"],
    "gate": ["timings_ms"],
    "image-info": ["metadata.xmp[].properties"],
    "image-metadata": ["metadata.xmp[].properties"],
    "image-features": ["features"],
    "image-c2pa": [],
    "eval-results": ["systems[].routes", "systems[].overall.intervals.intervals", "systems[].slices[].intervals.intervals",
                     "systems[].overall.selective.bases", "systems[].slices[].selective.bases"],
    "prediction": ["experts", "expert_weights"],
    "calibration": ["experts", "data.excluded", "provenance"],
    "prepare-report": ["skipped_by_reason"],
}


def camo(*arguments, check=True):
    run = subprocess.run([CAMO, *arguments], capture_output=True, text=True)
    if check and run.returncode not in (0, 1):
        raise RuntimeError(f"camo {' '.join(arguments)} exited {run.returncode}: {run.stderr[-2000:]}")
    return run


def dataset(images, folder):
    """A manifest dataset of `images` (dev paths relative to the dev set, or absolute paths), labelled from the dev manifest."""
    labels = {}
    with open(os.path.join(DEV, "manifest.csv"), newline="") as handle:
        for row in csv.DictReader(handle):
            labels[os.path.join(DEV, row["path"])] = row
    os.makedirs(os.path.join(folder, "images"), exist_ok=True)
    with open(os.path.join(folder, "manifest.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "label", "content", "generator", "source"])
        for index, image in enumerate(images):
            row = labels.get(image, {"label": "fake" if index % 2 else "real", "content": "general", "generator": "x", "source": "local"})
            name = f"images/{index}-{os.path.basename(image)}"
            shutil.copyfile(image, os.path.join(folder, name))
            writer.writerow([name, row["label"], row["content"], row["generator"], row["source"]])
    return folder


def documents(images, scratch):
    """Every document kind, from running camo on `images` (absolute paths)."""
    out = {}
    out["detection-result"] = json.loads(camo("detect", "--json", *images).stdout)
    decodable = [r["image"]["id"] for r in out["detection-result"] if r.get("route")]
    out["gate"] = [json.loads(line) for line in camo("gate", "--json", *decodable).stdout.splitlines() if line.strip()]
    out["image-info"] = json.loads(camo("image", "info", "--json", "--metadata", *images).stdout)
    out["image-metadata"] = json.loads(camo("image", "metadata", "--json", "--watermark", *images).stdout)
    out["image-features"] = json.loads(camo("image", "features", *images).stdout)
    out["image-c2pa"] = json.loads(camo("image", "c2pa", "--json", *images).stdout)
    data = dataset(images, os.path.join(scratch, "data"))
    camo("eval", "run", data, "--out", os.path.join(scratch, "eval"), "--resamples", "50",
         "--cache", os.path.join(scratch, "cache.jsonl"), "--no-progress")
    with open(os.path.join(scratch, "eval", "results.json")) as handle:
        out["eval-results"] = [json.load(handle)]
    with open(os.path.join(scratch, "eval", "predictions.jsonl")) as handle:
        out["prediction"] = [json.loads(line) for line in handle if line.strip()]
    out["calibration"] = []
    for name in ("default.json", "learned.json"):
        with open(os.path.join(REPO, "models", "calibration", name)) as handle:
            out["calibration"].append(json.load(handle))
    camo("dataset", "prepare", "general", data, "--out", os.path.join(scratch, "prepared"), "--transforms", "none")
    with open(os.path.join(scratch, "prepared", "prepare-report.json")) as handle:
        out["prepare-report"] = [json.load(handle)]
    return out

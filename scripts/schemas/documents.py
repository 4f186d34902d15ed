"""The JSON documents CAMO writes, produced by running the real binary: what `write_schemas.py` infers the
published schemas from and what `scripts/tests/test_schemas.py` validates against them.

Each function takes a list of image paths and a scratch folder and returns {schema name: [documents]}.
"""
import csv
import json
import os
import shutil
import subprocess
import sys

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
    "video-result": ["info.metadata", "timings_ms"],
    "video-eval": ["verdicts", "verdicts{}"],
    "mirror-report": ["refused_by_reason", "failed_by_reason", "by_model"],
}
# Clips for the video documents: decoded frames, face tracks, a rotated phone-style clip, a C2PA-signed generative clip.
VIDEOS = ["Tests/Fixtures/video/face-crossing.mp4", "Tests/Fixtures/video/rotated-90.mp4", "Tests/Fixtures/video/flux-vp9.webm",
          "Tests/Fixtures/c2pa/signed-es256.mp4"]


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
    videos = [os.path.join(REPO, path) for path in VIDEOS]
    out["video-result"] = [json.loads(line) for line in camo("detect", "--jsonl", "--every", "0.5", *videos).stdout.splitlines()
                           if line.strip()]
    clips = os.path.join(scratch, "clips")
    for index, path in enumerate(videos):
        folder = os.path.join(clips, "fake" if index % 2 else "real")
        os.makedirs(folder, exist_ok=True)
        shutil.copyfile(path, os.path.join(folder, os.path.basename(path)))
    camo("eval", "video", clips, "--out", os.path.join(scratch, "video-eval"), "--every", "0.5", "--no-progress")
    with open(os.path.join(scratch, "video-eval", "video-report.json")) as handle:
        out["video-eval"] = [json.load(handle)]
    out["mirror-report"] = mirror_reports(data, scratch)
    return out


def mirror_reports(data, scratch):
    """mirror-report.json of `camo mirror` on `data`, whole and one shard of two, through the loopback test engines
    (scripts/tests)."""
    log = os.path.join(scratch, "engines.jsonl")
    server = subprocess.Popen([sys.executable, os.path.join(REPO, "scripts", "tests", "mirror_test_engines.py"), "--log", log],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        config = os.path.join(scratch, "mirror.yaml")
        with open(config, "w") as handle:
            handle.write(f"""engines:
  chat: {{kind: openai-chat, url: "{url}", model: test}}
  images: {{kind: openai-images, url: "{url}", model: test}}
caption: {{engine: chat}}
moderation: {{engine: chat}}
retries: {{attempts: 2, initial_delay: 0.05}}
models:
  - {{name: test-images, engine: images, size: {{sizes: ["256x256"]}}}}
""")
        reports = []
        for name, extra in (("mirror", []), ("mirror-shard", ["--shard", "1/2"])):
            camo("mirror", data, "--out", os.path.join(scratch, name), "--config", config, "--no-progress", *extra)
            with open(os.path.join(scratch, name, "mirror-report.json")) as handle:
                reports.append(json.load(handle))
        return reports
    finally:
        server.terminate()
        server.wait()
        server.stdout.close()

#!/usr/bin/env python3
"""End-to-end check of `camo dataset prepare` with the Hugging Face `datasets` library (run by `make test`).

Prepares aligned faces from a dozen dev-set images with three transforms, then checks that:
- every subset loads with datasets.load_dataset("imagefolder"), with the counts and labels of prepare-report.json;
- every image opens;
- the landmarks in metadata.jsonl, mapped back through the inverse of the stored alignment matrix, land within
  1 px of the landmarks `camo gate --json` reports on the source image;
- a run killed with SIGKILL part-way and then resumed gives the same bytes as an uninterrupted run;
- an output folder holding another dataset is refused;
- a disk that fills up stops the run with a clear error and no half-written file (needs root for a tmpfs; else skipped).

Environment: CAMO_BIN (default .build/release/camo), CAMO_DEV_DATA (default ../shared/data/dev).
"""
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAMO = os.path.abspath(os.environ.get("CAMO_BIN", os.path.join(REPO, ".build/release/camo")))
DEV = os.path.abspath(os.environ.get("CAMO_DEV_DATA", os.path.join(REPO, "../shared/data/dev")))
TRANSFORMS = "none,jpeg,L1"


def make_dataset(folder, rows):
    """Copies the chosen dev images into `folder` with a manifest (path,label,content,generator,source)."""
    os.makedirs(os.path.join(folder, "images"))
    with open(os.path.join(folder, "manifest.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "label", "content", "generator", "source"])
        for row in rows:
            name = "images/" + os.path.basename(row["path"])
            shutil.copyfile(os.path.join(DEV, row["path"]), os.path.join(folder, name))
            writer.writerow([name, row["label"], row["content"], row["generator"], row["source"]])


def prepare(dataset, out, *extra):
    return subprocess.run([CAMO, "dataset", "prepare", "faces", dataset, "--out", out, "--transforms", TRANSFORMS,
                           "--splits", "train=0.5,test=0.5", *extra], capture_output=True, text=True)


def output_files(folder):
    """Relative path → bytes of everything a training job reads (not the resume state or the reports)."""
    result = {}
    for base, _, files in os.walk(folder):
        for name in files:
            path = os.path.relpath(os.path.join(base, name), folder)
            if path.startswith(".camo-prepare") or path.startswith("prepare-report"):
                continue
            with open(os.path.join(base, name), "rb") as handle:
                result[path] = handle.read()
    return result


def invert(m):
    a, b, c, d, e, f = m
    det = a * e - b * d
    return [e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det]


@unittest.skipUnless(os.path.exists(os.path.join(DEV, "manifest.csv")), "dev set not found at " + DEV)
class DatasetPrepareTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.access(CAMO, os.X_OK):
            raise unittest.SkipTest("no camo binary at " + CAMO + " (set CAMO_BIN)")
        with open(os.path.join(DEV, "manifest.csv"), newline="") as handle:
            rows = list(csv.DictReader(handle))
        faces = [r for r in rows if r["content"] == "face"]
        cls.rows = ([r for r in faces if r["label"] == "real"][:5] + [r for r in faces if r["label"] == "fake"][:5]
                    + [r for r in rows if r["content"] == "general"][:2])
        cls.tmp = tempfile.mkdtemp(prefix="camo-prepare-test-")
        # The datasets library caches what it loads: keep that in the temporary folder, and never go online.
        os.environ["HF_DATASETS_CACHE"] = os.path.join(cls.tmp, "hf-cache")
        os.environ["HF_HUB_OFFLINE"] = "1"
        cls.dataset = os.path.join(cls.tmp, "dataset")
        make_dataset(cls.dataset, cls.rows)
        cls.out = os.path.join(cls.tmp, "out")
        started = time.monotonic()
        cls.prepared = prepare(cls.dataset, cls.out)
        cls.seconds = time.monotonic() - started
        with open(os.path.join(cls.out, "prepare-report.json")) as handle:
            cls.report = json.load(handle)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_run_succeeds_and_reports_every_source(self):
        self.assertEqual(self.prepared.returncode, 0, self.prepared.stderr)
        self.assertEqual(self.report["source_images"], 12)
        skipped = sum(self.report["skipped_by_reason"].values())
        self.assertEqual(self.report["prepared_images"] + skipped, 12)
        self.assertGreaterEqual(self.report["prepared_images"], 6)
        print(f"\n  prepared {self.report['prepared_images']}/12 images, {self.report['outputs']} outputs in "
              f"{self.seconds:.1f} s; skipped {self.report['skipped_by_reason']}", file=sys.stderr)

    def test_every_subset_loads_with_datasets_with_counts_labels_and_images(self):
        import datasets
        from PIL import Image

        labels = {"images/" + os.path.basename(r["path"]): (1 if r["label"] == "fake" else 0) for r in self.rows}
        for subset in TRANSFORMS.split(","):
            loaded = datasets.load_dataset("imagefolder", data_dir=os.path.join(self.out, subset))
            expected = {}
            for count in self.report["counts"]:
                if count["subset"] == subset:
                    split = count["split"]
                    expected[split] = expected.get(split, 0) + count["images"]
            self.assertEqual({name: len(part) for name, part in loaded.items()}, expected, subset)
            for part in loaded.values():
                for example in part:
                    self.assertEqual(example["label"], labels[example["source_file"]])
                    self.assertEqual(example["transform"], subset)
                    image = example["image"]
                    image.load()
                    self.assertEqual(image.size, (256, 256))
                    self.assertEqual(len(example["landmarks"]), 68)
                    with Image.open(os.path.join(self.out, example["mask_file"])) as mask:
                        self.assertEqual((mask.mode, mask.size), ("L", (256, 256)))

    def test_landmarks_map_back_onto_the_gates_landmarks_within_one_pixel(self):
        rows = []
        for split in ("train", "test"):
            path = os.path.join(self.out, "none", split, "metadata.jsonl")
            if os.path.exists(path):
                with open(path) as handle:
                    rows += [json.loads(line) for line in handle]
        self.assertEqual(len(rows), self.report["prepared_images"])
        sources = sorted({row["source_file"] for row in rows})
        gate = subprocess.run([CAMO, "gate", "--json", *[os.path.join(self.dataset, s) for s in sources]],
                              capture_output=True, text=True, check=True)
        by_source = {}
        for line in gate.stdout.splitlines():
            decision = json.loads(line)
            by_source[os.path.relpath(decision["image"], self.dataset)] = decision
        worst = 0.0
        for row in rows:
            face = by_source[row["source_file"]]["faces"][row["face_index"]]
            a, b, c, d, e, f = invert(row["alignment"])
            for (x, y), (gx, gy) in zip(row["landmarks"], face["landmarks"]):
                worst = max(worst, abs(a * x + b * y + c - gx), abs(d * x + e * y + f - gy))
        self.assertLess(worst, 1.0)
        print(f"\n  landmarks mapped back: largest error {worst:.4f} px over {len(rows)} faces", file=sys.stderr)

    def test_a_killed_run_resumes_to_the_same_bytes(self):
        out = os.path.join(self.tmp, "killed")
        command = [CAMO, "dataset", "prepare", "faces", self.dataset, "--out", out, "--transforms", TRANSFORMS,
                   "--splits", "train=0.5,test=0.5"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        records = os.path.join(out, ".camo-prepare", "records.jsonl")
        finished = 0
        while process.poll() is None:
            if os.path.exists(records):
                with open(records, "rb") as handle:
                    finished = handle.read().count(b"\n")
                # Three transforms per image, two images in flight: seven records finish at least one whole image.
                if finished >= 7:
                    break
            time.sleep(0.005)
        self.assertIsNone(process.poll(), "the run finished before it could be killed")
        process.send_signal(signal.SIGKILL)
        process.wait()
        self.assertFalse(os.path.exists(os.path.join(out, "prepare-report.json")))
        # Whatever the kill left under a final name is a whole image.
        from PIL import Image
        for path in output_files(out):
            if path.endswith(".png"):
                with Image.open(os.path.join(out, path)) as image:
                    image.load()
        resumed = subprocess.run(command, capture_output=True, text=True)
        self.assertEqual(resumed.returncode, 0, resumed.stderr)
        with open(os.path.join(out, "prepare-report.json")) as handle:
            self.assertGreaterEqual(json.load(handle)["resumed_images"], 1)
        self.assertEqual(output_files(out), output_files(self.out))
        print(f"\n  killed after {finished} finished records; resumed run matches byte for byte", file=sys.stderr)

    def test_a_folder_holding_another_dataset_is_refused(self):
        other = os.path.join(self.tmp, "other-dataset")
        make_dataset(other, self.rows[:3])
        refused = prepare(other, self.out)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("already holds a different dataset", refused.stderr)
        self.assertIn("--resume", refused.stderr)

    def test_a_full_disk_stops_cleanly_without_half_written_files(self):
        if os.geteuid() != 0 or not shutil.which("mount"):
            self.skipTest("needs root to mount a small tmpfs")
        mount = os.path.join(self.tmp, "small-disk")
        os.makedirs(mount)
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount], capture_output=True).returncode != 0:
            self.skipTest("cannot mount a tmpfs here")
        try:
            run = prepare(self.dataset, os.path.join(mount, "out"))
            self.assertEqual(run.returncode, 1)
            self.assertIn("No space left on device", run.stderr)
            self.assertIn("nothing is half-written", run.stderr)
            from PIL import Image
            for base, _, files in os.walk(mount):
                for name in files:
                    self.assertFalse(name.endswith(".part"), name)
                    if name.endswith(".png"):
                        with Image.open(os.path.join(base, name)) as image:
                            image.load()
                    if name.endswith(".jsonl"):
                        with open(os.path.join(base, name)) as handle:
                            for line in handle:
                                json.loads(line)
        finally:
            subprocess.run(["umount", mount])


if __name__ == "__main__":
    unittest.main(verbosity=2)

#!/usr/bin/env python3
"""End-to-end check of `camo mirror` over loopback against the test engines (run by `make test`).

scripts/tests/mirror_test_engines.py speaks OpenAI chat, Ollama chat, ComfyUI, AUTOMATIC1111 and OpenAI images, with
refusals decided by each image and faults on demand. Checks that:
- every real image gets a twin or a recorded refusal; the folder loads with datasets.load_dataset("imagefolder");
- each fake has its twin's format, size, JPEG tables and chroma subsampling, and no metadata;
- the refusals are exactly those the engines made (captioner refusals, safety filters of all three image engines);
- 429s, 500s, a timeout, malformed JSON and a dropped connection are retried to the same result as a clean run;
- an engine that keeps failing fails only its images (exit 1, counted by reason) and a later run finishes them
  without captioning anything twice;
- a run killed with SIGKILL resumes to the same bytes, captioning only what had not been captioned;
- two shards give exactly the pairs of one run; the original's incremental prompts work through Ollama;
- an API key comes from the environment; a bad config and a folder holding another dataset are refused.

Environment: CAMO_BIN (default .build/release/camo), CAMO_DEV_DATA (default ../shared/data/dev).
"""
import csv
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from PIL import Image, JpegImagePlugin

os.environ["HF_DATASETS_OFFLINE"] = "1"

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAMO = os.path.abspath(os.environ.get("CAMO_BIN", os.path.join(REPO, ".build/release/camo")))
DEV = os.path.abspath(os.environ.get("CAMO_DEV_DATA", os.path.join(REPO, "../shared/data/dev")))
ENGINES = os.path.join(REPO, "scripts/tests/mirror_test_engines.py")
WORKFLOW = os.path.join(REPO, "mirror/workflows/sdxl-basic.json")


class TestEngines:
    """The test engines on a free loopback port, logging every request."""

    def __init__(self, folder, faults=(), delay=0.0, api_key=None):
        self.log = os.path.join(folder, f"engine-log-{time.monotonic_ns()}.jsonl")
        command = [sys.executable, ENGINES, "--log", self.log, "--faults", json.dumps(list(faults)), "--delay", str(delay),
                   "--timeout-sleep", "3"]
        if api_key:
            command += ["--api-key", api_key]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{self.process.stdout.readline().strip()}"

    def requests(self, route=None):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as handle:
            entries = [json.loads(line) for line in handle]
        return [entry for entry in entries if route is None or entry["route"] == route]

    def caption_hashes(self):
        """Image hashes of caption requests (moderation requests carry no image)."""
        return [h for entry in self.requests() for h in entry.get("image_hashes", [])]

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.process.stdout.close()


def config(folder, engines, name="mirror.yaml", caption="{engine: chat}", comfy_timeout=20, key_env=None, attempts=5):
    text = f"""
engines:
  chat: {{kind: openai-chat, url: "{engines.url}", model: test-vlm, concurrency: 2{f', api_key_env: {key_env}' if key_env else ''}}}
  olla: {{kind: ollama, url: "{engines.url}", model: test-llm, timeout: 2}}
  comfy: {{kind: comfyui, url: "{engines.url}", timeout: {comfy_timeout}, concurrency: 2}}
  a1111: {{kind: automatic1111, url: "{engines.url}", timeout: 2}}
  oai: {{kind: openai-images, url: "{engines.url}", model: test-image, timeout: 2}}
caption: {caption}
moderation: {{engine: olla}}
retries: {{attempts: {attempts}, initial_delay: 0.05, max_delay: 0.5}}
models:
  - {{name: sdxl, engine: comfy, workflow: "{WORKFLOW}", checkpoint: sdxl.safetensors, steps: 20, guidance: 7, sampler: euler, scheduler: normal}}
  - {{name: sd15, engine: a1111, steps: 20, guidance: 7, size: {{megapixels: 0.25, multiple_of: 64}}}}
  - {{name: dalle, engine: oai, size: {{sizes: ["1024x1024", "1536x1024", "1024x1536"]}}}}
"""
    path = os.path.join(folder, name)
    with open(path, "w") as handle:
        handle.write(text)
    return path


def make_dataset(folder):
    """Real dev images of at most 1.5 MP in every format (JPEG, PNG, WebP, AVIF, HEIC) and two fakes."""
    with open(os.path.join(DEV, "manifest.csv")) as handle:
        rows = list(csv.DictReader(handle))
    chosen, seen_ext = [], set()
    for row in rows:
        ext = os.path.splitext(row["path"])[1].lower()
        if row["label"] != "real":
            continue
        if ext in (".jpg", ".jpeg"):
            with Image.open(os.path.join(DEV, row["path"])) as image:
                if image.width * image.height > 1_500_000:
                    continue
            if sum(r["path"].lower().endswith((".jpg", ".jpeg")) for r in chosen) >= 8:
                continue
        elif ext in seen_ext:
            continue
        seen_ext.add(ext)
        chosen.append(row)
    chosen += [row for row in rows if row["label"] == "fake"][:2]
    os.makedirs(os.path.join(folder, "images"))
    with open(os.path.join(folder, "manifest.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "label", "source"])
        for row in chosen:
            name = "images/" + os.path.basename(row["path"])
            shutil.copyfile(os.path.join(DEV, row["path"]), os.path.join(folder, name))
            writer.writerow([name, row["label"], row["source"]])
    return os.path.join(folder, "manifest.csv"), sum(row["label"] == "real" for row in chosen)


def mirror(dataset, out, config_path, *extra, env=None):
    return subprocess.run([CAMO, "mirror", dataset, "--out", out, "--config", config_path, *extra],
                          capture_output=True, text=True, env=env)


def rows(out):
    with open(os.path.join(out, "train/metadata.jsonl")) as handle:
        return [json.loads(line) for line in handle]


def report(out):
    with open(os.path.join(out, "mirror-report.json")) as handle:
        return json.load(handle)


def outputs(out):
    """Every written image by its path under train/, as bytes."""
    result = {}
    for kind in ("real", "fake"):
        folder = os.path.join(out, "train", kind)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            with open(os.path.join(folder, name), "rb") as handle:
                result[f"{kind}/{name}"] = handle.read()
    return result


class MirrorTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="camo-mirror-")
        cls.dataset, cls.real_count = make_dataset(os.path.join(cls.root, "data"))
        cls.engines = TestEngines(cls.root)
        cls.out = os.path.join(cls.root, "clean")
        cls.clean_run = mirror(cls.dataset, cls.out, config(cls.root, cls.engines))

    @classmethod
    def tearDownClass(cls):
        cls.engines.stop()
        shutil.rmtree(cls.root, ignore_errors=True)

    def folder(self, name):
        return os.path.join(self.root, name)

    def test_every_real_image_gets_a_twin_or_a_recorded_refusal(self):
        self.assertEqual(self.clean_run.returncode, 0, self.clean_run.stderr)
        summary = report(self.out)
        self.assertEqual(summary["real_images"], self.real_count)
        refused = sum(summary["refused_by_reason"].values())
        self.assertEqual(summary["mirrored"] + refused, self.real_count)
        self.assertGreater(summary["mirrored"], 5)
        self.assertEqual(set(summary["by_model"]), {"sdxl", "sd15", "dalle"})
        stages = {(t["stage"], t["engine"].split()[0]) for t in summary["stage_times"]}
        self.assertTrue({("caption", "chat"), ("moderation", "olla"), ("generation", "comfy"), ("encoding", "a1111")} <= stages)

        import datasets
        loaded = datasets.load_dataset("imagefolder", data_dir=self.out)["train"]
        self.assertEqual(len(loaded), 2 * summary["mirrored"])
        self.assertEqual(sorted(loaded["label"]), [0] * summary["mirrored"] + [1] * summary["mirrored"])
        pairs = {}
        for row in rows(self.out):
            pairs.setdefault(row["pair_id"], []).append(row)
        for pair in pairs.values():
            self.assertEqual(sorted(r["label"] for r in pair), [0, 1])
            self.assertEqual(len({(r["caption"], r["caption_raw"], r["source"]) for r in pair}), 1)
            fake = next(r for r in pair if r["label"] == 1)
            self.assertTrue(fake["caption_raw"].startswith("An image of a test scene"))
            self.assertIn(fake["model"], ("sdxl", "sd15", "dalle"))
            self.assertIn("generation", fake["seconds"])
            self.assertIn("width", fake["parameters"])

    def test_each_fake_is_stored_as_its_real_twin_without_metadata(self):
        by_pair = {}
        for row in rows(self.out):
            by_pair.setdefault(row["pair_id"], {})[row["label"]] = row
        formats = set()
        for pair in by_pair.values():
            real_path = os.path.join(self.out, "train", pair[0]["file_name"])
            fake_path = os.path.join(self.out, "train", pair[1]["file_name"])
            with Image.open(real_path) as real, Image.open(fake_path) as fake:
                formats.add(real.format)
                self.assertEqual(fake.format, real.format if real.format in ("JPEG", "PNG", "WEBP") else "PNG", pair[1]["file_name"])
                self.assertEqual(fake.size, real.size)
                self.assertEqual(len(fake.getexif()), 0)
                self.assertFalse({"exif", "xmp", "icc_profile", "parameters", "prompt", "workflow"} & set(fake.info))
                if real.format == "JPEG":
                    self.assertEqual(JpegImagePlugin.get_sampling(fake), JpegImagePlugin.get_sampling(real))
                    # Pillow at the recorded quality gives the fake's tables: the quality was carried over.
                    probe = io.BytesIO()
                    Image.new("RGB", (8, 8)).save(probe, "JPEG", quality=pair[1]["jpeg_quality"])
                    self.assertEqual(Image.open(probe).quantization, fake.quantization)
                    if libjpeg_quality(real) is not None:
                        self.assertEqual(fake.quantization, real.quantization)
        self.assertTrue({"JPEG", "PNG", "WEBP"} <= formats, formats)
        # The HEIC and AVIF reals were re-encoded as PNG with their twins.
        self.assertTrue(any(r["format"] == "png" and r["source_file"].lower().endswith((".heic", ".avif")) for r in rows(self.out)))

    def test_refusals_are_the_ones_the_engines_made(self):
        hashes = set(self.engines.caption_hashes())
        caption_refusals = {h for h in hashes if int(h, 16) % 11 == 0}
        safety = {h for h in hashes if int(h, 16) % 7 == 0} - caption_refusals
        self.assertEqual(len(hashes), self.real_count)
        self.assertEqual(report(self.out)["refused_by_reason"], {"safety filter": len(caption_refusals) + len(safety)}
                         if caption_refusals or safety else {})
        stages = sorted(p["stage"] for p in report(self.out)["problems"])
        self.assertEqual(stages, sorted(["caption"] * len(caption_refusals) + ["generation"] * len(safety)))

    def test_a_second_run_asks_the_engines_nothing(self):
        engines = TestEngines(self.root)
        try:
            out = self.folder("again")
            shutil.copytree(self.out, out)
            result = mirror(self.dataset, out, config(self.root, engines, "again.yaml"))
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(engines.requests(), [])
            self.assertEqual(report(out)["resumed"], self.real_count)
            self.assertEqual(outputs(out), outputs(self.out))
        finally:
            engines.stop()

    def test_transient_faults_are_retried_to_the_clean_result(self):
        faults = [{"route": "/v1/chat/completions", "kind": "429", "count": 2},
                  {"route": "/api/chat", "kind": "500", "count": 2},
                  {"route": "/prompt", "kind": "timeout", "count": 1},
                  {"route": "/history", "kind": "malformed", "count": 1},
                  {"route": "/sdapi/v1/txt2img", "kind": "malformed", "count": 1},
                  {"route": "/v1/images/generations", "kind": "close", "count": 1}]
        engines = TestEngines(self.root, faults)
        try:
            out = self.folder("faults")
            result = mirror(self.dataset, out, config(self.root, engines, "faults.yaml", comfy_timeout=2))
            self.assertEqual(result.returncode, 0, result.stderr + result.stdout)
            self.assertEqual(report(out)["failed_by_reason"], {})
            self.assertEqual(outputs(out), outputs(self.out))
            self.assertEqual(comparable(rows(out)), comparable(rows(self.out)))
        finally:
            engines.stop()

    def test_a_failing_engine_fails_only_its_images_and_a_later_run_finishes_them(self):
        broken = TestEngines(self.root, [{"route": "/sdapi/v1/txt2img", "kind": "500", "count": 10_000}])
        out = self.folder("broken")
        try:
            result = mirror(self.dataset, out, config(self.root, broken, "broken.yaml", attempts=2))
            self.assertEqual(result.returncode, 1, result.stdout)
            failed = report(out)["failed_by_reason"]
            sd15 = report(self.out)["by_model"]["sd15"]
            self.assertEqual(failed, {"HTTP 500": sd15})
            self.assertIn("failed, HTTP 500", result.stdout)
        finally:
            broken.stop()
        healthy = TestEngines(self.root)
        try:
            result = mirror(self.dataset, out, config(self.root, healthy, "healthy.yaml"))
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(healthy.caption_hashes(), [])  # captions were kept, not asked for again
            self.assertEqual(len(healthy.requests("/sdapi/v1/txt2img")), sd15)
            self.assertEqual(outputs(out), outputs(self.out))
        finally:
            healthy.stop()

    def test_a_killed_run_resumes_to_the_same_bytes_without_captioning_twice(self):
        slow = TestEngines(self.root, delay=0.4)
        out = self.folder("killed")
        try:
            process = subprocess.Popen([CAMO, "mirror", self.dataset, "--out", out, "--config", config(self.root, slow, "slow.yaml"),
                                        "--concurrency", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ledger = os.path.join(out, ".camo-mirror/records.jsonl")
            deadline = time.time() + 60
            while time.time() < deadline and process.poll() is None:
                if os.path.exists(ledger):
                    with open(ledger) as handle:
                        if sum('"stage":"mirrored"' in line for line in handle) >= 3:
                            break
                time.sleep(0.05)
            process.send_signal(signal.SIGKILL)
            process.wait()
        finally:
            slow.stop()
        with open(ledger) as handle:
            captioned = {json.loads(line)["pair_id"] for line in handle if line.strip().endswith("}")}
        self.assertGreater(len(captioned), 2)
        self.assertLess(len(captioned), self.real_count)
        resumed = TestEngines(self.root)
        try:
            result = mirror(self.dataset, out, config(self.root, resumed, "resume.yaml"))
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(len(resumed.caption_hashes()), self.real_count - len(captioned))
            self.assertEqual(outputs(out), outputs(self.out))
            self.assertEqual([f for f in os.listdir(os.path.join(out, "train/fake")) if f.endswith(".part")], [])
        finally:
            resumed.stop()

    def test_two_shards_make_exactly_the_pairs_of_one_run(self):
        union = {}
        for index in range(2):
            out = self.folder(f"shard{index}")
            result = mirror(self.dataset, out, config(self.root, self.engines, f"shard{index}.yaml"), "--shard", f"{index}/2")
            self.assertEqual(result.returncode, 0, result.stderr)
            union.update(outputs(out))
        self.assertEqual(union, outputs(self.out))

    def test_the_original_incremental_prompts_go_through_ollama(self):
        out = self.folder("incremental")
        result = mirror(self.dataset, out, config(self.root, self.engines, "incremental.yaml", caption="{engine: olla, mode: incremental}"),
                        "--limit", "3")
        self.assertEqual(result.returncode, 0, result.stderr)
        for row in rows(out):
            self.assertRegex(row["caption_raw"], r"^An image of a test scene [0-9a-f]{8}( that is unsafe)?\. The setting is indoors\. "
                                                 r"The background is plain grey\. The image type/style is a photograph\.$")

    def test_the_api_key_comes_from_the_environment(self):
        keyed = TestEngines(self.root, api_key="s3cret")
        try:
            path = config(self.root, keyed, "keyed.yaml", key_env="CAMO_TEST_ENGINE_KEY")
            missing = mirror(self.dataset, self.folder("nokey"), path, "--limit", "1", env={k: v for k, v in os.environ.items() if k != "CAMO_TEST_ENGINE_KEY"})
            self.assertNotEqual(missing.returncode, 0)
            self.assertIn("CAMO_TEST_ENGINE_KEY", missing.stderr)
            # The keyed engine is the captioner; the others answer without a key, so a wrong one shows as 401 there.
            good = mirror(self.dataset, self.folder("key"), path, "--limit", "2", env={**os.environ, "CAMO_TEST_ENGINE_KEY": "s3cret"})
            self.assertIn("HTTP 401", good.stdout)  # the un-keyed moderator was turned away by the keyed server
            self.assertEqual(sum(1 for e in keyed.requests("/v1/chat/completions")), 2)
        finally:
            keyed.stop()

    def test_a_bad_config_and_a_foreign_folder_are_refused(self):
        bad = os.path.join(self.root, "bad.yaml")
        with open(config(self.root, self.engines, "good.yaml")) as handle:
            text = handle.read()
        with open(bad, "w") as handle:
            handle.write(text.replace("caption: {engine: chat}", "caption: {engine: chat, mood: cheerful}"))
        result = mirror(self.dataset, self.folder("bad"), bad)
        self.assertEqual(result.returncode, 1)
        self.assertIn("caption.mood", result.stderr)
        other = self.folder("other")
        os.makedirs(other)
        with open(os.path.join(other, "notes.txt"), "w") as handle:
            handle.write("mine")
        result = mirror(self.dataset, other, config(self.root, self.engines, "other.yaml"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("not empty", result.stderr)


def libjpeg_quality(image):
    """The libjpeg quality whose tables equal the image's, or None (Pillow as the oracle)."""
    for quality in range(1, 101):
        probe = io.BytesIO()
        Image.new("RGB", (8, 8)).save(probe, "JPEG", quality=quality)
        if Image.open(probe).quantization == image.quantization:
            return quality
    return None


def comparable(rows):
    """Rows without what differs from run to run: stage times and ComfyUI's prompt ids."""
    return [{**row, "seconds": None, "reported": {k: v for k, v in row["reported"].items() if k != "prompt_id"}} for row in rows]


if __name__ == "__main__":
    unittest.main(verbosity=2)

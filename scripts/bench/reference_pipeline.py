#!/usr/bin/env python3
"""CAMO's default pipeline (pipelines/default.yaml) written the usual Python way, as the other side of
scripts/bench/bench-pipeline.

Same models, same images, same steps as `camo detect`:
  decode     Pillow: ImageOps.exif_transpose(Image.open(p)).convert("RGB"), pillow-heif for HEIC
             (what CAMOVision's decoders reproduce; see scripts/oracles/decode_pillow.py).
  gate       YuNet 2023mar (640x640 top-left letterbox, BGR 0..255, score >= 0.6, NMS 0.3) and
             YOLOX-nano 416 (letterbox on grey 114, BGR, class-wise NMS 0.45, score > 0.3), resized
             with cv2.INTER_LINEAR and decoded as in scripts/oracles/gate_detections.py, in numpy.
             Faces are ordered by box area; the five largest get dlib's 68 landmarks from a square
             box derived from YuNet's (Gate.dlibRectangle in Sources/CAMOGate/Gate/Gate.swift) and
             are aligned as DeepfakeBench does (landmarks 37, 44, 30, 49, 55 fitted to the ArcFace
             template, margin 1.3, cv2.warpAffine to 256x256; scripts/oracles/face_alignment.py).
  experts    routing is hard: with a face, MesoNet DF and F2F on the aligned crops (nearest resize,
             RGB / 255, output P(real), the maximum over faces); without one, Tiny-LaDeDa on the
             whole image (Pillow bilinear resize to 256x256, ImageNet mean/std, output p_fake).
  score      the maximum over the experts that ran.

Not reproduced: the evidence experts (provenance metadata, C2PA, invisible watermarks) and the
calibrated verdict. They decide what `camo detect` finally says for images that carry evidence, but
they are cheap next to the models, so the comparison is of the pixel pipeline; the p_fake printed
here is the maximum over the pixel experts, which is what CAMO's `experts` list gives for them.

Landmarks: dlib's Python module has no wheel on PyPI (pip builds it from source, which takes many
minutes), so dlib_shape_predictor.py, a numpy port of dlib's shape predictor, reads dlib's own model
file. On the dev set its integer points equal dlib's for every face dlib finds (run
scripts/bench/dlib_shape_predictor.py to check). Reading the 100 MB model with numpy takes a couple
of seconds, most of this script's start-up, and counts in the one-image case of the benchmark.

Objects: the default pipeline reads none, so `camo detect` does not run its object detector and
neither does this by default; `--objects` runs YOLOX-nano on every image, as `camo detect --objects` does.

Output: one JSON line per image (path, size, faces, objects (null unless --objects), content, per-expert P(fake), p_fake,
milliseconds per stage), in input order; a summary with model loading times goes to stderr.

Usage (from the repository root):
    scripts/bench/reference_pipeline.py [--threads 2] [--details] PATH...
PATH: image files or folders (searched recursively for the file types `camo detect` takes).
Models: $CAMO_MODELS, else ../shared/models; dlib's model: $CAMO_DLIB_LANDMARKS, else Debian's
/usr/share/dlib/shape_predictor_68_face_landmarks.dat (apt-get install libdlib-data).
Needs numpy, Pillow, pillow-heif, opencv-python-headless, onnxruntime.
"""
import argparse
import json
import math
import os
import sys
import time

started = time.perf_counter()

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402

try:
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # HEIC images then fail to decode, and say so
    pass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dlib_shape_predictor import ShapePredictor, grey_levels  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "oracles"))
from gate_detections import yolox_anchors  # noqa: E402

MODELS = os.environ.get("CAMO_MODELS") or os.path.join("..", "shared", "models")
DLIB_MODEL = os.environ.get("CAMO_DLIB_LANDMARKS") or "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
# What `camo detect` picks up in a folder (Sources/camo/ImageInputs.swift).
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".heic", ".gif", ".bmp", ".tif", ".tiff", ".jfif")

MAXIMUM_FACES = 5
ALIGNED_SIZE = 256
MARGIN = 1.3
FIVE_POINTS = [37, 44, 30, 49, 55]
ARCFACE = [(30.2946, 51.6963), (65.5318, 51.5014), (48.0252, 71.7366), (33.5493, 92.3655), (62.7299, 92.2041)]
COCO_CLASSES = 80


def nms(boxes, scores, threshold, classes=None, limit=5000):
    """Greedy NMS, highest score first, ties in input order; boxes overlapping a kept one (of the same
    class, when classes are given) by IoU above `threshold` go. Returns the kept indices."""
    order = np.argsort(-scores, kind="stable")[:limit]
    boxes = boxes[order]
    areas = np.maximum(boxes[:, 2] - boxes[:, 0], 0) * np.maximum(boxes[:, 3] - boxes[:, 1], 0)
    alive = np.ones(len(order), bool)
    kept = []
    for i in range(len(order)):
        if not alive[i]:
            continue
        kept.append(order[i])
        rest = np.arange(i + 1, len(order))[alive[i + 1:]]
        if classes is not None:
            rest = rest[classes[order[rest]] == classes[order[i]]]
        w = np.minimum(boxes[i, 2], boxes[rest, 2]) - np.maximum(boxes[i, 0], boxes[rest, 0])
        h = np.minimum(boxes[i, 3], boxes[rest, 3]) - np.maximum(boxes[i, 1], boxes[rest, 1])
        inter = w * h
        union = areas[i] + areas[rest] - inter
        with np.errstate(divide="ignore", invalid="ignore"):
            iou = np.where((w > 0) & (h > 0) & (union > 0), inter / union, 0)
        alive[rest[iou > threshold]] = False
    return np.array(kept, dtype=np.int64)


def session(path, threads):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def normalisation_table(scale, mean=(0, 0, 0), std=(1, 1, 1)):
    """Per channel and byte value, (v * scale - mean) / std in float32: CAMO's formula, as a lookup."""
    v = np.arange(256, dtype=np.float32)[None, :]
    return ((v * np.float32(scale) - np.array(mean, np.float32)[:, None]) / np.array(std, np.float32)[:, None]).astype(np.float32)


def planar(images, table):
    """(N, H, W, 3) uint8 RGB to the (N, 3, H, W) float32 tensor, through the table."""
    return np.stack([table[c][images[..., c]] for c in range(3)], axis=1)


def round_half_away(x):
    """Swift's `rounded()`."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


class Pipeline:
    def __init__(self, models, threads, objects=False):
        self.load_seconds = {}

        def timed(name, make):
            t = time.perf_counter()
            value = make()
            self.load_seconds[name] = time.perf_counter() - t
            return value

        def model(name, rel):
            return timed(name, lambda: session(os.path.join(models, rel), threads))

        self.yunet = model("yunet", "face/yunet_2023mar.onnx")
        # The default pipeline reads no objects, so CAMO skips its object detector; so does this, unless asked.
        self.yolox = model("yolox", "object/yolox_nano_416.onnx") if objects else None
        self.landmarks = timed("dlib68", lambda: ShapePredictor(DLIB_MODEL))
        self.mesonet = {
            "mesonet-df": model("mesonet-df", "experts/mesonet_meso4_df.onnx"),
            "mesonet-f2f": model("mesonet-f2f", "experts/mesonet_meso4_f2f.onnx"),
        }
        self.ladeda = model("tiny-ladeda", "experts/tiny_ladeda.onnx")

        self.unit = normalisation_table(0.00392156862745098)
        self.imagenet = normalisation_table(0.00392156862745098, (0.485, 0.456, 0.406), (0.229, 0.224, 0.225))
        grid, stride = yolox_anchors()
        self.yolox_grid, self.yolox_stride = grid.astype(np.float64), stride.astype(np.float64)
        # The template in the crop: scaled to the crop, then shrunk towards its centre by the margin,
        # in float32 steps as DeepfakeBench computes it.
        size, border = ALIGNED_SIZE, ALIGNED_SIZE * (MARGIN - 1) / 2
        shrink = np.float32(size / (size + 2 * border))
        template = np.array([(x + 8, y) for x, y in ARCFACE], np.float64).astype(np.float32)
        self.destination = (((template * np.float32(size) / np.float32(112)) + np.float32(border)) * shrink).astype(np.float64)

    def faces(self, rgb):
        """YuNet: boxes (x1, y1, x2, y2) in image pixels, area order as the gate keeps them."""
        h, w = rgb.shape[:2]
        r = min(640 / w, 640 / h)
        nw, nh = min(max(round(w * r), 1), 640), min(max(round(h * r), 1), 640)
        canvas = np.zeros((1, 3, 640, 640), np.float32)
        canvas[0, :, :nh, :nw] = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_LINEAR)[:, :, ::-1].transpose(2, 0, 1)
        names = [o.name for o in self.yunet.get_outputs()]
        out = dict(zip(names, self.yunet.run(None, {"input": canvas})))
        boxes, scores = [], []
        for s in (8, 16, 32):
            cols = 640 // s
            score = np.sqrt(np.clip(out[f"cls_{s}"][0, :, 0], 0, 1) * np.clip(out[f"obj_{s}"][0, :, 0], 0, 1))
            idx = np.nonzero(score >= np.float32(0.6))[0]
            row, col = (idx // cols).astype(np.float64), (idx % cols).astype(np.float64)
            b = out[f"bbox_{s}"][0, idx].astype(np.float64)
            cx, cy = (col + b[:, 0]) * s, (row + b[:, 1]) * s
            bw, bh = np.exp(b[:, 2]) * s, np.exp(b[:, 3]) * s
            boxes.append(np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], axis=1))
            scores.append(score[idx])
        boxes, scores = np.concatenate(boxes), np.concatenate(scores)
        boxes = boxes[nms(boxes, scores, 0.3)] * (1 / r)
        areas = np.maximum(boxes[:, 2] - boxes[:, 0], 0) * np.maximum(boxes[:, 3] - boxes[:, 1], 0)
        return boxes[np.argsort(-areas, kind="stable")]

    def objects(self, rgb):
        """YOLOX: the number of objects (they decide categories, which no default expert uses)."""
        h, w = rgb.shape[:2]
        r = min(416 / h, 416 / w)
        nw, nh = min(max(int(w * r), 1), 416), min(max(int(h * r), 1), 416)
        canvas = np.full((1, 3, 416, 416), 114, np.float32)
        canvas[0, :, :nh, :nw] = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_LINEAR)[:, :, ::-1].transpose(2, 0, 1)
        out = self.yolox.run(None, {"images": canvas})[0][0]
        scores = out[:, 4:5] * out[:, 5:5 + COCO_CLASSES]
        anchor, cls = np.nonzero(scores > np.float32(0.3))
        if anchor.size == 0:
            return 0
        cxy = (out[anchor, :2].astype(np.float64) + self.yolox_grid[anchor]) * self.yolox_stride[anchor]
        wh = np.exp(out[anchor, 2:4].astype(np.float64)) * self.yolox_stride[anchor]
        boxes = np.concatenate([cxy - wh / 2, cxy + wh / 2], axis=1)
        return len(nms(boxes, scores[anchor, cls], 0.45, classes=cls))

    @staticmethod
    def dlib_rectangle(box):
        """Gate.dlibRectangle: the square dlib's detector would have drawn around this YuNet box."""
        x1, y1, x2, y2 = box
        side = 1.07 * (x2 - x1)
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2 + 0.064 * (y2 - y1)
        left, top = round_half_away(cx - side / 2), round_half_away(cy - side / 2)
        length = max(1, round_half_away(side))
        return left, top, left + length - 1, top + length - 1

    def align(self, rgb, points):
        """DeepfakeBench's img_align_crop on dlib's integer points; None for degenerate points."""
        source = np.floor(points + 0.5)[FIVE_POINTS]
        destination = self.destination
        s_mean, d_mean = source.mean(axis=0), destination.mean(axis=0)
        fx, fy = (source - s_mean).T
        tx, ty = (destination - d_mean).T
        variance = (fx * fx + fy * fy).sum()
        if not variance > 0:
            return None
        # Umeyama in closed form for two dimensions: scale x rotation is [[a, -b], [b, a]].
        a = ((tx * fx).sum() + (ty * fy).sum()) / variance
        b = ((ty * fx).sum() - (tx * fy).sum()) / variance
        matrix = np.array([[a, -b, d_mean[0] - (a * s_mean[0] - b * s_mean[1])],
                           [b, a, d_mean[1] - (b * s_mean[0] + a * s_mean[1])]])
        return cv2.warpAffine(rgb, matrix, (ALIGNED_SIZE, ALIGNED_SIZE))

    def mesonet_scores(self, crops):
        if crops.shape[1:3] != (256, 256):
            crops = np.stack([cv2.resize(c, (256, 256), interpolation=cv2.INTER_NEAREST) for c in crops])
        tensor = planar(crops, self.unit)
        scores = {}
        for name, sess in self.mesonet.items():
            p_real = sess.run(None, {sess.get_inputs()[0].name: tensor})[0][:, 0].astype(np.float64)
            p_real = np.where(np.isfinite(p_real), np.clip(p_real, 0, 1), 0.5)
            scores[name] = float(np.max(1 - p_real))
        return scores

    def ladeda_score(self, image):
        resized = np.asarray(image.resize((256, 256), Image.BILINEAR))
        p = float(self.ladeda.run(["p_fake"], {"input": planar(resized[None], self.imagenet)})[0].reshape(-1)[0])
        return min(max(p, 0.0), 1.0) if math.isfinite(p) else 0.5

    def run(self, path, details=False):
        t = time.perf_counter()
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
        decode_ms = (time.perf_counter() - t) * 1000
        result = self.judge(image, details)
        result["path"] = path
        result["ms"] = {"decode": round(decode_ms, 3), **result["ms"]}
        return result

    def judge(self, image, details=False):
        """The gate and experts on a decoded RGB Pillow image (a file's, or a video frame's)."""
        ms = {}
        rgb = np.asarray(image)
        t = time.perf_counter()
        boxes = self.faces(rgb)
        objects = self.objects(rgb) if self.yolox else None
        crops, landmarks = [], []
        if len(boxes):
            grey = grey_levels(rgb)
            for box in boxes[:MAXIMUM_FACES]:
                points = self.landmarks.predict(grey, self.dlib_rectangle(box))
                crop = self.align(rgb, points)
                if crop is None:
                    break
                crops.append(crop)
                landmarks.append(points)
        ms["gate"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        content = "face" if len(boxes) else "general"
        if content == "face":
            experts = self.mesonet_scores(np.stack(crops)) if crops else {name: None for name in self.mesonet}
        else:
            experts = {"tiny-ladeda": self.ladeda_score(image)}
        ms["experts"] = (time.perf_counter() - t) * 1000
        ran = [p for p in experts.values() if p is not None]
        result = {
            "width": rgb.shape[1], "height": rgb.shape[0], "faces": len(boxes), "objects": objects,
            "content": content, "experts": experts, "p_fake": max(ran) if ran else None,
            "ms": {k: round(v, 3) for k, v in ms.items()},
        }
        if details:
            result["face_boxes"] = [[round(float(v), 3) for v in box] for box in boxes]
            result["landmarks"] = [[[round(float(x), 3), round(float(y), 3)] for x, y in p] for p in landmarks]
        return result


def image_paths(paths):
    found = []
    for path in paths:
        if os.path.isdir(path):
            found += sorted(os.path.join(root, name) for root, _, names in os.walk(path)
                            for name in names if name.lower().endswith(IMAGE_SUFFIXES))
        else:
            found.append(path)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", help="image files or folders")
    parser.add_argument("--threads", type=int, default=2, help="ONNX Runtime intra-op threads per session (default 2)")
    parser.add_argument("--models", default=MODELS, help="the model zoo (default $CAMO_MODELS, else ../shared/models)")
    parser.add_argument("--details", action="store_true", help="also print face boxes and landmarks")
    parser.add_argument("--objects", action="store_true",
                        help="also run YOLOX-nano, as camo detect --objects does (the default pipeline reads no objects)")
    args = parser.parse_args()

    imported = time.perf_counter()
    pipeline = Pipeline(args.models, args.threads, args.objects)
    loaded = time.perf_counter()
    failures = 0
    for path in image_paths(args.paths):
        try:
            result = pipeline.run(path, args.details)
        except Exception as error:  # one bad image must not stop a batch, as in `camo detect`
            failures += 1
            result = {"path": path, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(result), flush=True)
    finished = time.perf_counter()
    print(json.dumps({"summary": {
        "import_s": round(imported - started, 3), "load_s": round(loaded - imported, 3),
        "load_s_by_model": {k: round(v, 3) for k, v in pipeline.load_seconds.items()},
        "images_s": round(finished - loaded, 3), "failures": failures,
    }}), file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

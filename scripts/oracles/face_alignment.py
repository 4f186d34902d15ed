#!/usr/bin/env python3
"""DeepfakeBench's face alignment, applied to dlib's own landmarks.

Follows `img_align_crop` in DeepfakeBench's preprocessing/preprocess.py: the landmarks 37, 44,
30, 49 and 55 of dlib's 68 (integer points, as dlib's Python API returns them) are fitted with
scikit-image's SimilarityTransform (Umeyama) to the ArcFace 112x112 template shifted 8 px right,
scaled to the output size and shrunk by the 1.3 margin; cv2.warpAffine (bilinear, black border)
makes the crop. The face mask is the convex hull of all 68 carried landmarks, rounded to whole
pixels and filled by cv2.fillConvexPoly.

Inputs: Tests/Fixtures/landmarks/dlib_dev_landmarks.json and dlib_synthetic_landmarks.json
(written by dlib_landmarks.py), the dev set ($CAMO_DEV_DATA, else ../shared/data/dev) decoded
with Pillow (exif_transpose, RGB), and the synthetic image of dlib_landmarks.py.
Output: Tests/Fixtures/alignment/deepfakebench_alignment.json with the destination points and
  - "synthetic": a 64x64 crop of the synthetic image (every pixel, hex) and its mask (hex);
  - "dev": for the largest face in each of the first DEV_FACES dev images with a face, the
    256x256 crop's 8x8 grid of 32x32 block means per channel, and the mask's pixel count.
Each case has the 2x3 matrix. Needs Pillow, numpy, opencv-python-headless, scikit-image.
Run from the repository root: python3 scripts/oracles/face_alignment.py
"""
import json
import os
import sys
import warnings

import cv2
import numpy as np
from PIL import Image, ImageOps
from skimage import transform

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dlib_landmarks import synthetic_image  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LANDMARKS = os.path.join("Tests", "Fixtures", "landmarks")
OUTPUT = os.path.join("Tests", "Fixtures", "alignment", "deepfakebench_alignment.json")
FIVE_POINTS = [37, 44, 30, 49, 55]
ARCFACE = [[30.2946, 51.6963], [65.5318, 51.5014], [48.0252, 71.7366], [33.5493, 92.3655], [62.7299, 92.2041]]
MARGIN = 1.3
DEV_FACES = 24


def destination(size):
    """The template in the crop, in float32 steps as DeepfakeBench computes it."""
    dst = np.array(ARCFACE, dtype=np.float32)
    dst[:, 0] += 8.0
    dst[:, 0] = dst[:, 0] * size / 112
    dst[:, 1] = dst[:, 1] * size / 112
    border = size * (MARGIN - 1) / 2.0
    dst += border
    dst *= size / (size + 2 * border)
    return dst


def align(rgb, points, size):
    src = np.array([points[i] for i in FIVE_POINTS], dtype=np.float32)
    fit = transform.SimilarityTransform()
    with warnings.catch_warnings():
        # DeepfakeBench calls estimate(), which scikit-image 0.26 deprecates but still provides.
        warnings.simplefilter("ignore", FutureWarning)
        fit.estimate(src, destination(size))
    matrix = fit.params[0:2, :]
    crop = cv2.warpAffine(rgb, matrix, (size, size))
    carried = np.array(points, dtype=np.float64) @ matrix[:, :2].T + matrix[:, 2]
    mask = np.zeros((size, size), dtype=np.uint8)
    cv2.fillConvexPoly(mask, cv2.convexHull(np.round(carried).astype(np.int32)), 255)
    return matrix, crop, mask


def matrix_list(matrix):
    return [round(float(v), 6) for v in matrix.reshape(-1)]


def main():
    os.chdir(REPO)
    dev = os.environ.get("CAMO_DEV_DATA") or os.path.join("..", "shared", "data", "dev")
    with open(os.path.join(LANDMARKS, "dlib_dev_landmarks.json")) as f:
        dev_landmarks = json.load(f)
    with open(os.path.join(LANDMARKS, "dlib_synthetic_landmarks.json")) as f:
        synthetic_landmarks = json.load(f)

    width, height = synthetic_landmarks["width"], synthetic_landmarks["height"]
    synthetic_rgb = np.frombuffer(synthetic_image(width, height), dtype=np.uint8).reshape(height, width, 3)
    synthetic_face = synthetic_landmarks["faces"][0]
    matrix, crop, mask = align(synthetic_rgb, synthetic_face["points"], 64)
    synthetic = {"rect": synthetic_face["rect"], "size": 64, "matrix": matrix_list(matrix),
                 "crop_hex": crop.tobytes().hex(), "mask_hex": mask.tobytes().hex()}

    cases = []
    for image in dev_landmarks["images"]:
        if not image["faces"] or len(cases) == DEV_FACES:
            continue
        face = max(image["faces"], key=lambda f: (f["rect"][2] - f["rect"][0] + 1) * (f["rect"][3] - f["rect"][1] + 1))
        with Image.open(os.path.join(dev, image["path"])) as im:
            rgb = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
        matrix, crop, mask = align(rgb, face["points"], 256)
        blocks = crop.reshape(8, 32, 8, 32, 3).mean(axis=(1, 3))
        cases.append({"path": image["path"], "rect": face["rect"], "matrix": matrix_list(matrix),
                      "block_means": [round(float(v), 3) for v in blocks.reshape(-1)],
                      "mask_pixels": int(np.count_nonzero(mask))})

    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as f:
        f.write('{"destination_256": ' + json.dumps([[round(float(x), 6), round(float(y), 6)] for x, y in destination(256)]))
        f.write(',\n"synthetic": ' + json.dumps(synthetic, separators=(",", ":")))
        f.write(',\n"dev": [\n' + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]}\n")
    print(f"synthetic 64x64 crop and {len(cases)} dev faces aligned")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""dlib's frontal face detector and 68-point shape predictor over the dev set.

Builds scripts/oracles/dlib_landmarks.cpp with g++ against Debian's libdlib-dev, decodes every
dev image with Pillow exactly as CAMOVision does (ImageOps.exif_transpose, then RGB), hands the
raw RGB to the program through temporary files, and writes
Tests/Fixtures/landmarks/dlib_dev_landmarks.json: for each image its relative path, size,
the Adler-32 checksum of its RGB bytes (so a test can tell whether its decoder saw the same
pixels), and for each detected face dlib's rectangle [left, top, right, bottom] (inclusive
corners), the detection score, dlib's 68 integer landmarks and the unrounded cascade output.

It also writes Tests/Fixtures/landmarks/dlib_synthetic_landmarks.json: the same predictor on a
synthetic image defined by a formula (see synthetic_image; the Swift test rebuilds it), for a
few rectangles, some reaching outside the image. That checks the cascade without any decoder.

Needs: g++, libdlib-dev, libdlib-data (apt-get install g++ libdlib-dev libdlib-data), Pillow.
Model: $CAMO_DLIB_LANDMARKS, else Debian's /usr/share/dlib/shape_predictor_68_face_landmarks.dat.
Dev set: $CAMO_DEV_DATA, else ../shared/data/dev beside the repository.
Run from the repository root: python3 scripts/oracles/dlib_landmarks.py
"""
import glob
import json
import os
import shlex
import struct
import subprocess
import sys
import tempfile
import time
import zlib

from PIL import Image, ImageOps

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE = os.path.join("scripts", "oracles", "dlib_landmarks.cpp")
OUTPUT = os.path.join("Tests", "Fixtures", "landmarks", "dlib_dev_landmarks.json")
SYNTHETIC_OUTPUT = os.path.join("Tests", "Fixtures", "landmarks", "dlib_synthetic_landmarks.json")
SYNTHETIC_SIZE = (320, 240)
SYNTHETIC_RECTS = [
    (60, 40, 259, 239),     # inside
    (100, 80, 139, 119),    # small
    (-50, -30, 150, 170),   # over the top-left corner
    (200, 100, 420, 330),   # over the bottom-right corner
    (0, 0, 319, 239),       # the whole image
]
DEBIAN_MODEL = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".heic", ".gif", ".bmp", ".tif", ".tiff")


def dlib_link_flags():
    """pkg-config's flags for dlib-1, with unversioned .so paths that Debian only ships in
    -dev packages (libblas.so, liblapack.so) replaced by the installed runtime library."""
    try:
        tokens = shlex.split(subprocess.check_output(["pkg-config", "--cflags", "--libs", "dlib-1"], text=True))
    except (OSError, subprocess.CalledProcessError):
        sys.exit("dlib not found by pkg-config: apt-get install libdlib-dev")
    flags = []
    for token in tokens:
        if token.startswith("/") and token.endswith(".so") and not os.path.exists(token):
            versions = sorted(glob.glob(token + ".*"))
            if not versions:
                sys.exit(f"missing library {token}")
            token = "-l:" + os.path.basename(versions[0])
        flags.append(token)
    return flags


def synthetic_image(width, height):
    """Interleaved RGB with structure at several scales, from integer arithmetic only."""
    out = bytearray()
    for y in range(height):
        for x in range(width):
            out.append((x * 7 + y * 3 + (x * y >> 6)) & 255)
            out.append(((x ^ y) * 5 + 31) & 255)
            out.append(((x - y) * (x + y) >> 4) & 255)
    return bytes(out)


def write_raw(path, width, height, pixels):
    with open(path, "wb") as f:
        f.write(struct.pack("<II", width, height))
        f.write(pixels)


def rounded_faces(faces):
    for face in faces:
        face["score"] = round(face["score"], 4)
        face["exact"] = [[round(x, 3), round(y, 3)] for x, y in face["exact"]]
    return faces


def main():
    os.chdir(REPO)
    model = os.environ.get("CAMO_DLIB_LANDMARKS") or DEBIAN_MODEL
    if not os.path.exists(model):
        sys.exit(f"dlib model not found at {model}: apt-get install libdlib-data")
    dev = os.environ.get("CAMO_DEV_DATA") or os.path.join("..", "shared", "data", "dev")
    paths = sorted(
        os.path.relpath(os.path.join(root, name), dev)
        for root, _, names in os.walk(dev)
        for name in names
        if name.lower().endswith(IMAGE_SUFFIXES)
    )

    with tempfile.TemporaryDirectory(prefix="camo-dlib-") as scratch:
        program = os.path.join(scratch, "dlib_landmarks")
        subprocess.check_call(["g++", "-O2", "-std=c++17", "-o", program, SOURCE] + dlib_link_flags())

        images, raw_files = [], []
        for i, rel in enumerate(paths):
            try:
                with Image.open(os.path.join(dev, rel)) as im:
                    rgb = ImageOps.exif_transpose(im).convert("RGB")
            except Exception as error:  # formats Pillow cannot open are reported, not fatal
                print(f"skip {rel}: {error}", file=sys.stderr)
                continue
            pixels = rgb.tobytes()
            raw = os.path.join(scratch, f"{i}.rgb")
            write_raw(raw, rgb.width, rgb.height, pixels)
            images.append({"path": rel, "width": rgb.width, "height": rgb.height, "rgb_adler32": zlib.adler32(pixels)})
            raw_files.append(raw)

        synthetic = os.path.join(scratch, "synthetic.rgb")
        synthetic_pixels = synthetic_image(*SYNTHETIC_SIZE)
        write_raw(synthetic, *SYNTHETIC_SIZE, synthetic_pixels)
        synthetic_input = "".join(f"{synthetic} {l} {t} {r} {b}\n" for l, t, r, b in SYNTHETIC_RECTS)
        synthetic_run = subprocess.run([program, model], input=synthetic_input,
                                       capture_output=True, text=True, check=True)
        synthetic_faces = [face for line in synthetic_run.stdout.splitlines()[1:]
                           for face in rounded_faces(json.loads(line)["faces"])]

        started = time.time()
        run = subprocess.run([program, model], input="\n".join(raw_files) + "\n",
                             capture_output=True, text=True, check=True)
        elapsed = time.time() - started
        model_line, *lines = run.stdout.splitlines()
        if len(lines) != len(images):
            sys.exit(f"oracle printed {len(lines)} results for {len(images)} images")

    face_count = 0
    for image, line in zip(images, lines):
        faces = rounded_faces(json.loads(line)["faces"])
        image["faces"] = faces
        face_count += len(faces)

    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as f:
        f.write('{"model": "shape_predictor_68_face_landmarks.dat", "model_shape": ' + model_line + ", ")
        f.write('"detector": "dlib frontal_face_detector, upsample 1", "images": [\n')
        f.write(",\n".join(json.dumps(image, separators=(",", ":")) for image in images))
        f.write("\n]}\n")
    with open(SYNTHETIC_OUTPUT, "w") as f:
        f.write('{"image": "synthetic_image in scripts/oracles/dlib_landmarks.py", ')
        f.write(f'"width": {SYNTHETIC_SIZE[0]}, "height": {SYNTHETIC_SIZE[1]}, ')
        f.write(f'"rgb_adler32": {zlib.adler32(synthetic_pixels)}, "faces": [\n')
        f.write(",\n".join(json.dumps(face, separators=(",", ":")) for face in synthetic_faces))
        f.write("\n]}\n")
    with_faces = sum(1 for image in images if image["faces"])
    print(f"{len(images)} images decoded, {with_faces} with faces, {face_count} faces; "
          f"dlib detection + landmarks took {elapsed:.1f} s")


if __name__ == "__main__":
    main()

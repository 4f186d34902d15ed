#!/usr/bin/env python3
"""Expected outputs for CAMOVision's resize, warp, rotation, flip and colour conversions.

Oracles: OpenCV (`cv2.resize`, `cv2.warpAffine`, `cv2.getRotationMatrix2D`, `cv2.rotate`,
`cv2.flip`, `cv2.cvtColor`) and Pillow (`Image.resize`). Inputs are `Image.testPattern`, computed
here with the same integer formula, so no input image is committed. Outputs are stored as a
sampled grid (every k-th row and column plus the last ones), which keeps the fixture folder small
while covering borders and interior of even very large outputs.

Run from the repository root: python3 scripts/oracles/geometry_opencv.py
Writes Tests/Fixtures/geometry/manifest.json and one .u8 or .f32 file per case.
"""
import json
import math
import pathlib

import cv2
import numpy as np
from PIL import Image

OUT = pathlib.Path("Tests/Fixtures/geometry")
GRID = 40  # at most this many sampled rows and columns per case


def pattern(w, h):
    """Image.testPattern(width:height:) — see its doc comment for the formula."""
    out = np.empty((h, w, 3), np.uint8)
    xs = np.arange(w, dtype=np.int64)
    spans = [max(w - 1, 1), max(h - 1, 1), max(w + h - 2, 1)]
    for y0 in range(0, h, 256):
        ys = np.arange(y0, min(h, y0 + 256), dtype=np.int64)
        y, x = np.meshgrid(ys, xs, indexing="ij")
        for c, pos in enumerate([x, y, x + y]):
            smooth = pos * 255 // spans[c]
            hsh = ((x * 73856093) ^ (y * 19349663) ^ (c * 83492791)) & 0xFFFFFFFF
            hsh = (hsh * 2654435761) & 0xFFFFFFFF
            noise = ((hsh >> 24) & 63) - 32
            out[y0:y0 + len(ys), :, c] = np.clip(smooth + noise, 0, 255)
    return out


def grid(n):
    step = max(1, math.ceil(n / GRID))
    picks = list(range(0, n, step))
    if picks[-1] != n - 1:
        picks.append(n - 1)
    return picks


cases = []


def store(name, array, **meta):
    array = np.asarray(array)
    if array.ndim == 2:
        array = array[:, :, None]
    h, w, ch = array.shape
    rows, cols = grid(h), grid(w)
    sample = array[np.ix_(rows, cols)]
    dtype = "u8" if array.dtype == np.uint8 else "f32"
    data = sample.astype(np.uint8 if dtype == "u8" else "<f4").tobytes()
    file = f"{name}.{dtype}"
    (OUT / file).write_bytes(data)
    cases.append(dict(name=name, file=file, dtype=dtype, width=w, height=h, channels=ch,
                      rows=rows, cols=cols, **meta))


CV_METHODS = {
    "nearest": cv2.INTER_NEAREST,
    "nearestExact": cv2.INTER_NEAREST_EXACT,
    "bilinear": cv2.INTER_LINEAR,
    "area": cv2.INTER_AREA,
    "lanczos": cv2.INTER_LANCZOS4,
}
PIL_METHODS = {
    "pillowBilinear": Image.Resampling.BILINEAR,
    "pillowBicubic": Image.Resampling.BICUBIC,
    "pillowLanczos": Image.Resampling.LANCZOS,
}


def resize(src, size, method):
    if method in CV_METHODS:
        return cv2.resize(src, size, interpolation=CV_METHODS[method])
    return np.asarray(Image.fromarray(src).resize(size, PIL_METHODS[method]))


def resize_cases():
    pairs = [
        ((1, 1), (5, 3)), ((3, 5), (7, 11)), ((3, 5), (2, 2)), ((97, 61), (40, 25)),
        ((97, 61), (200, 130)), ((97, 61), (97, 30)), ((97, 61), (31, 90)), ((640, 480), (224, 224)),
        ((640, 480), (320, 240)), ((640, 480), (160, 120)), ((1500, 1000), (64, 48)), ((13, 7), (700, 300)),
        # Pillow 13 pass order: vertical first above the h − h′ > 2·(w − w′) line, horizontal on it.
        ((97, 61), (90, 20)), ((97, 61), (87, 41)),
    ]
    for src_size, dst_size in pairs:
        src = pattern(*src_size)
        for method in list(CV_METHODS) + list(PIL_METHODS):
            name = f"resize_{method}_{src_size[0]}x{src_size[1]}_to_{dst_size[0]}x{dst_size[1]}"
            store(name, resize(src, dst_size, method), kind="resize", method=method,
                  source=list(src_size))
    big = pattern(4000, 3000)
    for method in ["bilinear", "area", "pillowBilinear"]:
        store(f"resize_{method}_4000x3000_to_640x640", resize(big, (640, 640), method),
              kind="resize", method=method, source=[4000, 3000])


def warp_cases():
    matrices = [
        ("rotscale", (97, 61), (80, 70), cv2.getRotationMatrix2D((48, 30), 30, 1.3)),
        ("shear", (97, 61), (80, 70), np.array([[0.9, 0.2, -5.0], [-0.15, 1.1, 7.5]])),
        ("enlarge", (97, 61), (256, 256), np.array([[2.7, 0.35, -20.25], [-0.4, 2.6, 30.0]])),
        ("align", (640, 480), (256, 256), np.array([[0.31, -0.05, 10.3], [0.07, 0.33, -2.2]])),
        ("offside", (97, 61), (64, 48), np.array([[1.0, 0.0, 80.0], [0.0, 1.0, -50.0]])),
    ]
    for label, src_size, dst_size, m in matrices:
        src = pattern(*src_size)
        for border, mode in [("constant", cv2.BORDER_CONSTANT), ("replicate", cv2.BORDER_REPLICATE)]:
            out = cv2.warpAffine(src, m, dst_size, flags=cv2.INTER_LINEAR, borderMode=mode,
                                 borderValue=(10, 20, 30))
            store(f"warp_{label}_{border}", out, kind="warp", source=list(src_size),
                  matrix=[float(v) for v in np.asarray(m).reshape(-1)], border=border,
                  borderColour=[10, 20, 30])


def rotation_cases():
    src = pattern(97, 61)
    h, w = src.shape[:2]
    for angle, expand in [(30.0, False), (30.0, True), (-17.5, True), (90.0, True), (200.0, False)]:
        m = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)
        size = (w, h)
        if expand:
            c, s = abs(m[0, 0]), abs(m[0, 1])
            size = (max(1, math.floor(h * s + w * c + 0.5)), max(1, math.floor(w * s + h * c + 0.5)))
            m[0, 2] += (size[0] - 1) / 2 - (w - 1) / 2
            m[1, 2] += (size[1] - 1) / 2 - (h - 1) / 2
        out = cv2.warpAffine(src, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                             borderValue=(0, 0, 0))
        store(f"rotate_{angle:g}_{'expand' if expand else 'crop'}", out, kind="rotate",
              source=[w, h], angle=angle, expand=expand)
    for label, code in [("clockwise", cv2.ROTATE_90_CLOCKWISE),
                        ("counterclockwise", cv2.ROTATE_90_COUNTERCLOCKWISE), ("half", cv2.ROTATE_180)]:
        store(f"rotate90_{label}", cv2.rotate(src, code), kind="rotate90", source=[w, h], turn=label)
    for label, code in [("horizontal", 1), ("vertical", 0)]:
        store(f"flip_{label}", cv2.flip(src, code), kind="flip", source=[w, h], axis=label)


def colour_cases():
    src = pattern(97, 61)
    conversions = [
        ("rgbToBGR", cv2.cvtColor(src, cv2.COLOR_RGB2BGR)),
        ("rgbToGray", cv2.cvtColor(src, cv2.COLOR_RGB2GRAY)),
        ("rgbToYCrCb", cv2.cvtColor(src, cv2.COLOR_RGB2YCrCb)),
        ("yCrCbToRGB", cv2.cvtColor(src, cv2.COLOR_YCrCb2RGB)),
        ("rgbToYUV", cv2.cvtColor(src, cv2.COLOR_RGB2YUV)),
        ("yuvToRGB", cv2.cvtColor(src, cv2.COLOR_YUV2RGB)),
        # The watermark readers' call: a BGR array through COLOR_BGR2YUV, and back.
        ("bgrToYUV", cv2.cvtColor(np.ascontiguousarray(src[:, :, ::-1]), cv2.COLOR_BGR2YUV)),
        ("yuvToBGRReversed", cv2.cvtColor(src, cv2.COLOR_YUV2BGR)[:, :, ::-1]),
    ]
    for label, out in conversions:
        store(f"colour_{label}", out, kind="colour", source=[97, 61], conversion=label)
    unit = src.astype(np.float32) / np.float32(255)
    for label, code in [("rgbToYCrCb", cv2.COLOR_RGB2YCrCb), ("yCrCbToRGB", cv2.COLOR_YCrCb2RGB),
                        ("rgbToYUV", cv2.COLOR_RGB2YUV), ("yuvToRGB", cv2.COLOR_YUV2RGB)]:
        store(f"colourFloat_{label}", cv2.cvtColor(unit, code), kind="colourFloat", source=[97, 61],
              conversion=label)


def pattern_cases():
    for w, h in [(1, 1), (3, 5), (97, 61), (4000, 3000)]:
        store(f"pattern_{w}x{h}", pattern(w, h), kind="pattern", source=[w, h])


def letterbox_cases():
    """YOLOX `preproc` (top-left, int() sizes, grey 114) and YOLOv5 `letterbox` (centred, round())."""
    for (w, h), (cw, ch) in [((97, 61), (64, 64)), ((640, 480), (320, 320)), ((61, 97), (50, 40))]:
        src = pattern(w, h)
        r = min(cw / w, ch / h)
        resized = cv2.resize(src, (int(w * r), int(h * r)), interpolation=cv2.INTER_LINEAR)
        canvas = np.full((ch, cw, 3), 114, np.uint8)
        canvas[:resized.shape[0], :resized.shape[1]] = resized
        store(f"letterbox_yolox_{w}x{h}_to_{cw}x{ch}", canvas, kind="letterbox", source=[w, h],
              placement="topLeft", rounding="truncate", scale=r, offset=[0, 0])
        nw, nh = int(round(w * r)), int(round(h * r))
        resized = cv2.resize(src, (nw, nh), interpolation=cv2.INTER_LINEAR)
        dw, dh = (cw - nw) / 2, (ch - nh) / 2
        top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
        left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
        canvas = cv2.copyMakeBorder(resized, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(114, 114, 114))
        store(f"letterbox_centre_{w}x{h}_to_{cw}x{ch}", canvas, kind="letterbox", source=[w, h],
              placement="centre", rounding="nearest", scale=r, offset=[left, top])


def tensor_cases():
    """(v·scale − mean) / std in float32, CHW, stored transposed to HWC like every other case."""
    src = pattern(97, 61)
    presets = [
        ("imageNet", "rgb", 1 / 255, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
        ("raw", "bgr", 1.0, [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]),
        ("clip", "rgb", 1 / 255, [0.48145466, 0.4578275, 0.40821073], [0.26862954, 0.26130258, 0.27577711]),
        ("symmetric", "bgr", 1 / 255, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
    ]
    for label, order, scale, mean, std in presets:
        channels = src if order == "rgb" else src[:, :, ::-1]
        values = (channels.astype(np.float32) * np.float32(scale) - np.array(mean, np.float32)) / np.array(std, np.float32)
        chw = np.ascontiguousarray(values.transpose(2, 0, 1))
        store(f"tensor_{label}", chw.transpose(1, 2, 0), kind="tensor", source=[97, 61], order=order,
              scale=scale, mean=mean, std=std)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in [*OUT.glob("*.u8"), *OUT.glob("*.f32")]:
        stale.unlink()
    pattern_cases()
    resize_cases()
    warp_cases()
    rotation_cases()
    colour_cases()
    letterbox_cases()
    tensor_cases()
    generator = f"OpenCV {cv2.__version__}, Pillow {Image.__version__}, NumPy {np.__version__}"
    lines = ",\n".join("  " + json.dumps(case, separators=(",", ":")) for case in cases)
    (OUT / "manifest.json").write_text(
        f'{{\n "generator": {json.dumps(generator)},\n "cases": [\n{lines}\n ]\n}}\n')
    total = sum(p.stat().st_size for p in OUT.iterdir() if p.suffix in (".u8", ".f32", ".json"))
    print(f"wrote {len(cases)} cases, {total / 1024:.0f} KiB, to {OUT}")


if __name__ == "__main__":
    main()

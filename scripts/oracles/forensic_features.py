#!/usr/bin/env python3
"""Independent numpy/scipy implementation of the forensic features in docs/forensic-features.md.

Writes Tests/Fixtures/forensics/features_expected.json with
  - "fft": numpy.fft.fft of fixed complex sequences (lengths 1, 2, 7, 8, 100, 256, 1000) and the 2-D power spectrum
    of a small real array;
  - "images": every image feature of ~8 dev images (../shared/data/dev, or $CAMO_DEV_DATA; decoded with Pillow:
    ImageOps.exif_transpose(Image.open(p)).convert("RGB")) and of the synthetic PNGs this script writes to
    Tests/Fixtures/forensics/features/;
  - "faces": every face feature of crop + mask PNG pairs in the same folder (a crop of a dev face photo and
    synthetic crops).
Run from the repository root: python3 scripts/oracles/forensic_features.py
"""
import json
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageOps
from scipy import ndimage, signal

OUT = "Tests/Fixtures/forensics/features_expected.json"
INPUTS = "Tests/Fixtures/forensics/features"
DEV = os.environ.get("CAMO_DEV_DATA", "../shared/data/dev")
DEV_IMAGES = [
    "real/exif-samples__jpg__Fujifilm_FinePix_E500.jpg",  # 59x100: single view smaller than 256
    "real/exif-samples__jpg__Sony_HDR-HC3.jpg",  # 100x64
    "real/exif-samples__jpg__gps__DSCN0038.jpg",  # 640x480: views with tiles
    "real/deepface__tests__unit__dataset__img16.jpg",  # a face photo
    "fake/ComfyUI_examples__flux__flux_depth_lora_example.png",  # generated PNG
    "real/deepface__tests__unit__dataset__img41.jpg",  # 2500x2070
    "real/exif-samples__jpg__mobile__jolla.jpg",  # 3264x2448
]
EPS = 1e-12
VAR_FLOOR = 1e-9
KV = np.array([[-1, 2, -2, 2, -1], [2, -6, 8, -6, 2], [-2, 8, -12, 8, -2], [2, -6, 8, -6, 2], [-1, 2, -2, 2, -1]])


# ---------------------------------------------------------------- statistics

def moments(values):
    """abs_mean, std (population), excess kurtosis (0 below the variance floor), two-pass."""
    v = np.asarray(values, dtype=np.float64).ravel()
    if v.size == 0:
        return 0.0, 0.0, 0.0
    d = v - v.mean()
    m2 = np.mean(d ** 2)
    kurt = float(np.mean(d ** 4) / m2 ** 2 - 3) if m2 >= VAR_FLOOR else 0.0
    return float(np.mean(np.abs(v))), float(np.sqrt(m2)), kurt


def pearson(a, b):
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    if a.size == 0 or np.var(a) < VAR_FLOOR or np.var(b) < VAR_FLOOR:
        return 0.0
    return float(np.clip(np.corrcoef(a, b)[0, 1], -1, 1))


# ---------------------------------------------------------------- residuals (valid region, anchored)

def residual_maps(plane):
    """Residual arrays with their anchor offsets: name -> (array, (y0, x0)) so that array[i, j] is anchored at
    (y0 + i, x0 + j)."""
    p = plane.astype(np.int64)
    h, w = p.shape
    maps = {}
    maps["o1h"] = (p[:, 1:] - p[:, :-1], (0, 0))
    maps["o1v"] = (p[1:, :] - p[:-1, :], (0, 0))
    maps["o2h"] = (p[:, :-2] - 2 * p[:, 1:-1] + p[:, 2:], (0, 1))
    maps["o2v"] = (p[:-2, :] - 2 * p[1:-1, :] + p[2:, :], (1, 0))
    maps["o3h"] = (-p[:, :-3] + 3 * p[:, 1:-2] - 3 * p[:, 2:-1] + p[:, 3:], (0, 1))
    maps["o3v"] = (-p[:-3, :] + 3 * p[1:-2, :] - 3 * p[2:-1, :] + p[3:, :], (1, 0))
    if h >= 5 and w >= 5:
        # correlate2d with the (symmetric) kernel = the centred filter; 'valid' anchors 2 in from every edge
        maps["kv"] = (signal.correlate2d(p, KV, mode="valid") / 12.0, (2, 2))
    else:
        maps["kv"] = (np.zeros((0, 0)), (2, 2))
    eh, ew = h // 2 * 2, w // 2 * 2
    base = p[:eh, :ew]
    down = base[::2, ::2]
    up = np.repeat(np.repeat(down, 2, axis=0), 2, axis=1)
    maps["npr"] = (base - up, (0, 0))
    return maps


def anchored_mask(mask, name_map):
    arr, (y0, x0) = name_map
    return mask[y0:y0 + arr.shape[0], x0:x0 + arr.shape[1]]


# ---------------------------------------------------------------- spectrum

def luma1000(rgb):
    r, g, b = (rgb[..., c].astype(np.int64) for c in range(3))
    return 299 * r + 587 * g + 114 * b


def highpass(rgb, keep=None):
    """(9 Y1000 - box3 sum) / 9000 at anchors one in from every edge, zero elsewhere / where keep is False."""
    y = luma1000(rgb)
    h, w = y.shape
    out = np.zeros((h, w))
    if h < 3 or w < 3:
        return out
    box = ndimage.correlate(y, np.ones((3, 3), dtype=np.int64), mode="constant")
    inner = (9 * y - box)[1:-1, 1:-1] / 9000.0
    out[1:-1, 1:-1] = inner
    if keep is not None:
        out[~keep] = 0
    return out


def normalised_power(residual):
    power = np.abs(np.fft.fft2(residual)) ** 2
    if power.size <= 1:
        return np.zeros_like(power)
    mean = (power.sum() - power[0, 0]) / (power.size - 1)
    return power / mean if mean > 0 else power


def radial_profile(power, bands):
    h, w = power.shape
    fv = np.minimum(np.arange(h), h - np.arange(h)) / h
    fu = np.minimum(np.arange(w), w - np.arange(w)) / w
    r = np.sqrt(fu[None, :] * fu[None, :] + fv[:, None] * fv[:, None])
    band = np.floor(r * (2 * bands)).astype(int)
    band[0, 0] = bands  # DC left out
    logs = np.zeros(bands)
    filled = []
    for b in range(bands):
        sel = band == b
        if sel.any():
            logs[b] = np.log10(power[sel].mean() + EPS)
            filled.append(b)
    if filled:
        logs[filled] -= logs[filled].mean()
    return logs.tolist()


def peak(power, u, v):
    s = power.shape[0]
    ring = [power[(v + dv) % s, (u + du) % s] for dv in range(-3, 4) for du in range(-3, 4) if max(abs(du), abs(dv)) >= 2]
    return float(np.log10((power[v, u] + EPS) / (np.mean(ring) + EPS)))


# ---------------------------------------------------------------- image features

def views(rgb, side=256, grid=2):
    h, w, _ = rgb.shape
    s = min(side, w, h)
    out = [rgb[(h - s) // 2:(h - s) // 2 + s, (w - s) // 2:(w - s) // 2 + s]]
    if grid >= 2 and w // grid >= s and h // grid >= s:
        for row in range(grid):
            for col in range(grid):
                cx0, cx1 = col * w // grid, (col + 1) * w // grid
                cy0, cy1 = row * h // grid, (row + 1) * h // grid
                x0 = cx0 + (cx1 - cx0 - s) // 2
                y0 = cy0 + (cy1 - cy0 - s) // 2
                out.append(rgb[y0:y0 + s, x0:x0 + s])
    return out


def image_features(rgb):
    vs = views(rgb)
    s = vs[0].shape[0]
    f = {}
    spectrum = np.mean([normalised_power(highpass(v)) for v in vs], axis=0)
    for b, value in enumerate(radial_profile(spectrum, 16)):
        f[f"spec_band_{b:02d}"] = value
    for d in (2, 4, 8):
        k = int(np.floor(s / d + 0.5)) % s
        f[f"spec_peak_axis_{d}"] = (peak(spectrum, k, 0) + peak(spectrum, 0, k)) / 2
        f[f"spec_peak_diag_{d}"] = peak(spectrum, k, k)

    maps = [[residual_maps(v[..., c]) for c in range(3)] for v in vs]
    for name in ("npr", "kv"):
        for c, cn in enumerate("rgb"):
            vals = np.concatenate([m[c][name][0].ravel() for m in maps])
            f[f"{name}_{cn}_abs_mean"], f[f"{name}_{cn}_std"], f[f"{name}_{cn}_kurtosis"] = moments(vals)
    pooled = {}
    for order in ("o1", "o2", "o3"):
        vals = np.concatenate([m[c][order + d][0].ravel() for m in maps for c in range(3) for d in "hv"])
        pooled[order] = vals
        f[f"srm_{order}_abs_mean"], f[f"srm_{order}_std"], f[f"srm_{order}_kurtosis"] = moments(vals)
    o2 = pooled["o2"]
    q = np.minimum(2, np.floor(np.abs(o2) / 2 + 0.5)).astype(int)
    for k in range(3):
        f[f"srm_o2_hist_{k}"] = float(np.mean(q == k)) if q.size else 0.0

    table = np.zeros((5, 5))
    for m in maps:
        for c in range(3):
            hres = np.clip(m[c]["o1h"][0], -2, 2) + 2
            vres = np.clip(m[c]["o1v"][0], -2, 2) + 2
            np.add.at(table, (hres[:, :-1].ravel(), hres[:, 1:].ravel()), 1)
            np.add.at(table, (vres[:-1, :].ravel(), vres[1:, :].ravel()), 1)
    if table.sum() > 0:
        p = table / table.sum()
        nz = p[p > 0]
        a, b = np.meshgrid(np.arange(5), np.arange(5), indexing="ij")
        f["cooc_zero"] = float(p[2, 2])
        f["cooc_diagonal"] = float(np.trace(p))
        f["cooc_energy"] = float(np.sum(p ** 2))
        f["cooc_entropy"] = float(-np.sum(nz * np.log(nz)))
        f["cooc_contrast"] = float(np.sum((a - b) ** 2 * p))
    else:
        for k in ("zero", "diagonal", "energy", "entropy", "contrast"):
            f["cooc_" + k] = 0.0
    kvs = [np.concatenate([m[c]["kv"][0].ravel() for m in maps]) for c in range(3)]
    f["kv_corr_rg"] = pearson(kvs[0], kvs[1])
    f["kv_corr_gb"] = pearson(kvs[1], kvs[2])

    px = np.concatenate([v.reshape(-1, 3) for v in vs]).astype(np.int64)
    hi, lo = px.max(axis=1), px.min(axis=1)
    sat = np.where(hi == 0, 0, (510 * (hi - lo) + hi) // np.maximum(2 * hi, 1)) / 255.0
    f["sat_mean"], f["sat_std"] = float(sat.mean()), float(sat.std())
    for qn in (10, 50, 90):
        f[f"sat_q{qn}"] = float(np.quantile(sat, qn / 100))
    r, g, b = (px[:, c].astype(np.float64) for c in range(3))
    cb = -0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 0.5 * r - 0.418688 * g - 0.081312 * b
    f["cb_mean"], f["cb_std"], f["cr_mean"], f["cr_std"] = float(cb.mean()), float(cb.std()), float(cr.mean()), float(cr.std())
    f["cbcr_corr"] = pearson(cb, cr)

    variances = []
    for v in vs:
        y = luma1000(v)
        nb_y, nb_x = y.shape[0] // 8, y.shape[1] // 8
        blocks = y[:nb_y * 8, :nb_x * 8].reshape(nb_y, 8, nb_x, 8).transpose(0, 2, 1, 3).reshape(-1, 64)
        # exact: 64*sum(x^2) - sum(x)^2 in integers, variance = that / (64^2 * 1000^2)
        variances.append(64 * (blocks ** 2).sum(axis=1) - blocks.sum(axis=1) ** 2)
    scaled = np.concatenate(variances)
    if scaled.size:
        logvar = np.log10(1 + scaled / (64 * 64 * 1_000_000))
        f["block_smooth_share"] = float(np.mean(scaled < 64 * 64 * 1_000_000))
        f["block_logvar_mean"] = float(logvar.mean())
        for qn in (10, 50, 90):
            f[f"block_logvar_q{qn}"] = float(np.quantile(logvar, qn / 100))
    else:
        for k in ("smooth_share", "logvar_mean", "logvar_q10", "logvar_q50", "logvar_q90"):
            f["block_" + k] = 0.0
    return f


# ---------------------------------------------------------------- face features

def face_features(rgb, mask):
    inside = mask >= 128
    h, w = inside.shape
    maps = [residual_maps(rgb[..., c]) for c in range(3)]
    f = {}

    def split(name):
        ins, outs = [], []
        for m in maps:
            for key in ([name + "h", name + "v"] if name == "o2" else [name]):
                arr = m[key][0]
                sel = anchored_mask(inside, m[key])
                ins.append(arr[sel]); outs.append(arr[~sel])
        return np.concatenate(ins), np.concatenate(outs)

    kv_in, kv_out = split("kv")
    npr_in, npr_out = split("npr")
    o2_in, o2_out = split("o2")
    a_in, s_in, _ = moments(kv_in)
    a_out, s_out, _ = moments(kv_out)
    f["face_in_kv_abs_mean"], f["face_out_kv_abs_mean"] = a_in, a_out
    f["face_in_kv_std"], f["face_out_kv_std"] = s_in, s_out
    f["face_in_npr_abs_mean"], f["face_out_npr_abs_mean"] = moments(npr_in)[0], moments(npr_out)[0]
    f["face_in_o2_kurtosis"], f["face_out_o2_kurtosis"] = moments(o2_in)[2], moments(o2_out)[2]
    ms = lambda v: float(np.mean(v ** 2)) if v.size else 0.0
    f["face_bg_energy_ratio"] = float(np.log10((ms(kv_in) + 1e-6) / (ms(kv_out) + 1e-6)))

    # per-anchor KV energy (mean over channels of r^2), NaN where undefined
    energy = np.full((h, w), np.nan)
    if h >= 5 and w >= 5:
        energy[2:h - 2, 2:w - 2] = np.mean([m["kv"][0] ** 2 for m in maps], axis=0)
    half = w // 2
    cols = np.arange(w)[None, :].repeat(h, axis=0)
    defined = ~np.isnan(energy)
    left = energy[defined & inside & (cols < half)]
    right = energy[defined & inside & (cols >= w - half)]
    mean0 = lambda v: float(v.mean()) if v.size else 0.0
    f["face_lr_energy_ratio"] = float(np.log10((mean0(left) + 1e-6) / (mean0(right) + 1e-6)))
    mirrored = energy[:, ::-1]
    lv, rv = [], []
    for by in range(h // 8):
        for bx in range(half // 8):
            for src, out in ((energy, lv), (mirrored, rv)):
                blk = src[by * 8:by * 8 + 8, bx * 8:bx * 8 + 8]
                vals = blk[~np.isnan(blk)]
                out.append(float(np.log10(1 + vals.mean())) if vals.size else 0.0)
    f["face_lr_block_correlation"] = pearson(lv, rv) if len(lv) else 0.0

    for side, keep in (("in", inside), ("out", ~inside)):
        profile = radial_profile(normalised_power(highpass(rgb, keep)), 8)
        for b, value in enumerate(profile):
            f[f"face_{side}_spec_band_{b}"] = value
    return f


# ---------------------------------------------------------------- inputs

def load(path):
    return np.asarray(ImageOps.exif_transpose(Image.open(path)).convert("RGB"))


def synthetic_images(rng):
    noise = lambda h, w: rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    small = noise(90, 100)
    images = {
        "one_pixel.png": np.array([[[200, 30, 90]]], dtype=np.uint8),
        "row_1x4000.png": np.repeat(np.linspace(0, 255, 4000).astype(np.uint8)[None, :, None], 3, axis=2),
        "constant_grey_20x17.png": np.full((17, 20, 3), 128, dtype=np.uint8),
        "noise_37x29.png": noise(29, 37),
        "nearest_up_200x180.png": np.repeat(np.repeat(small, 2, axis=0), 2, axis=1),
        "gradient_300x280.png": np.stack(list(np.meshgrid(np.arange(300) * 255 // 299, np.arange(280) * 255 // 279)) + [
            np.full((280, 300), 60)], axis=2).astype(np.uint8),
    }
    return images


def face_pairs(rng):
    pairs = {}
    dev_face = os.path.join(DEV, "real/deepface__tests__unit__dataset__img16.jpg")
    if os.path.exists(dev_face):
        photo = load(dev_face)
        h, w, _ = photo.shape
        side = 128
        # A fixed square around the face (its detector box centre in this 740x418 photo), as an aligner would crop it.
        cx, cy = min(max(w // 2, side // 2), w - side // 2), min(max(h // 2 - 20, side // 2), h - side // 2)
        crop = photo[cy - side // 2:cy + side // 2, cx - side // 2:cx + side // 2]
        mask = Image.new("L", (side, side), 0)
        ImageDraw.Draw(mask).ellipse((24, 14, 104, 120), fill=255)
        pairs["face_photo_128"] = (crop, np.asarray(mask))
    crop = rng.integers(0, 256, size=(41, 33, 3), dtype=np.uint8)
    mask = Image.new("L", (33, 41), 0)
    ImageDraw.Draw(mask).polygon([(5, 3), (27, 6), (30, 35), (8, 38)], fill=255)
    pairs["synthetic_33x41"] = (crop, np.asarray(mask))
    blend = np.repeat(np.repeat(rng.integers(0, 256, size=(32, 32, 3), dtype=np.uint8), 2, axis=0), 2, axis=1)
    blend[:, :32] = rng.integers(0, 256, size=(64, 32, 3), dtype=np.uint8)
    mask = np.zeros((64, 64), dtype=np.uint8)
    mask[10:54, 12:52] = 255
    pairs["half_upsampled_64"] = (blend, mask)
    pairs["flat_16"] = (np.full((16, 16, 3), 77, dtype=np.uint8), np.zeros((16, 16), dtype=np.uint8))
    return pairs


def fft_cases():
    cases = []
    for n in (1, 2, 7, 8, 100, 256, 1000):
        k = np.arange(n)
        re = np.sin(0.37 * k + 0.1) + 0.001 * k
        im = 0.5 * np.cos(1.3 * k)
        out = np.fft.fft(re + 1j * im)
        cases.append({"length": n, "real": out.real.tolist(), "imaginary": out.imag.tolist()})
    h, w = 5, 6
    grid = np.sin(0.7 * np.arange(w * h) + 0.2).reshape(h, w)
    power = np.abs(np.fft.fft2(grid)) ** 2
    return {"input": "real = sin(0.37 k + 0.1) + 0.001 k, imaginary = 0.5 cos(1.3 k)", "cases": cases,
            "power2d": {"width": w, "height": h, "input": "sin(0.7 i + 0.2), i row-major", "power": power.ravel().tolist()}}


def main():
    os.makedirs(INPUTS, exist_ok=True)
    rng = np.random.default_rng(20261127)
    document = {"oracle": "scripts/oracles/forensic_features.py (numpy " + np.__version__ + ")", "fft": fft_cases(),
                "images": [], "faces": []}
    for name, rgb in synthetic_images(rng).items():
        Image.fromarray(rgb).save(os.path.join(INPUTS, name), optimize=True)
        document["images"].append({"file": "forensics/features/" + name, "features": image_features(load(os.path.join(INPUTS, name)))})
    if os.path.isdir(DEV):
        for rel in DEV_IMAGES:
            rgb = load(os.path.join(DEV, rel))
            document["images"].append({"dev": rel, "width": rgb.shape[1], "height": rgb.shape[0], "features": image_features(rgb)})
    else:
        print("warning: no dev data at " + DEV + "; only synthetic images", file=sys.stderr)
    for name, (crop, mask) in face_pairs(rng).items():
        Image.fromarray(crop).save(os.path.join(INPUTS, name + "_crop.png"), optimize=True)
        Image.fromarray(mask).save(os.path.join(INPUTS, name + "_mask.png"), optimize=True)
        document["faces"].append({"crop": f"forensics/features/{name}_crop.png", "mask": f"forensics/features/{name}_mask.png",
                                  "features": face_features(crop, mask)})
    with open(OUT, "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {len(document['images'])} images, {len(document['faces'])} faces")


if __name__ == "__main__":
    main()

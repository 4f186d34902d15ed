#!/usr/bin/env python3
"""Reference face and object detections on the dev set: Python onnxruntime plus each model's published decode.

Pixels come from Pillow (exif_transpose, convert RGB); resizing from OpenCV, as the models' own samples do.
Writes Tests/Fixtures/gate/detections.json: per image, the boxes (original pixels) each detector finds.
Run from the repository root: python3 scripts/oracles/gate_detections.py
"""
import csv
import json
import os
import sys

import cv2
import numpy as np
import onnxruntime as ort
from PIL import Image, ImageOps

MODELS = os.environ.get("CAMO_MODELS", "../shared/models")
DEV = os.environ.get("CAMO_DEV_DATA", "../shared/data/dev")
OUT = "Tests/Fixtures/gate/detections.json"


def session(rel):
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    return ort.InferenceSession(os.path.join(MODELS, rel), opts, providers=["CPUExecutionProvider"])


def nms(boxes, scores, thr):
    """Greedy NMS: highest score first, drop boxes whose IoU with a kept one exceeds thr."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    keep = []
    for i in order:
        ok = True
        for j in keep:
            xx1, yy1 = max(boxes[i][0], boxes[j][0]), max(boxes[i][1], boxes[j][1])
            xx2, yy2 = min(boxes[i][2], boxes[j][2]), min(boxes[i][3], boxes[j][3])
            w, h = xx2 - xx1, yy2 - yy1
            if w <= 0 or h <= 0:
                continue
            inter = w * h
            a = (boxes[i][2] - boxes[i][0]) * (boxes[i][3] - boxes[i][1])
            b = (boxes[j][2] - boxes[j][0]) * (boxes[j][3] - boxes[j][1])
            if inter / (a + b - inter) > thr:
                ok = False
                break
        if ok:
            keep.append(i)
    return keep


def yunet(sess, bgr):
    h, w = bgr.shape[:2]
    r = min(640 / h, 640 / w)
    nw, nh = int(round(w * r)), int(round(h * r))
    canvas = np.zeros((640, 640, 3), np.float32)
    canvas[:nh, :nw] = cv2.resize(bgr, (nw, nh), interpolation=cv2.INTER_LINEAR)
    out = dict(zip([o.name for o in sess.get_outputs()], sess.run(None, {"input": canvas.transpose(2, 0, 1)[None]})))
    boxes, scores, kpss = [], [], []
    for s in (8, 16, 32):
        cols = 640 // s
        cls, obj = out[f"cls_{s}"][0, :, 0], out[f"obj_{s}"][0, :, 0]
        bbox, kps = out[f"bbox_{s}"][0], out[f"kps_{s}"][0]
        score = np.sqrt(np.clip(cls, 0, 1) * np.clip(obj, 0, 1))
        for i in np.nonzero(score >= 0.6)[0]:
            rr, cc = divmod(int(i), cols)
            cx, cy = (cc + bbox[i, 0]) * s, (rr + bbox[i, 1]) * s
            bw, bh = np.exp(bbox[i, 2]) * s, np.exp(bbox[i, 3]) * s
            boxes.append([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2])
            scores.append(float(score[i]))
            kpss.append([((kps[i, 2 * k] + cc) * s, (kps[i, 2 * k + 1] + rr) * s) for k in range(5)])
    keep = nms(boxes, scores, 0.3)
    res = []
    for i in keep:
        pts = [float(v) / r for point in kpss[i] for v in point]
        res.append([round(float(v) / r, 2) for v in boxes[i]] + [round(scores[i], 4)] + [round(v, 2) for v in pts])
    return res


def yolox_anchors(size=416):
    """YOLOX's anchor points: each output row's grid cell (x, y) and its stride, strides 8, 16 and 32 in order."""
    grids, strides = [], []
    for s in (8, 16, 32):
        n = size // s
        yv, xv = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        grids.append(np.stack((xv, yv), 2).reshape(-1, 2))
        strides.append(np.full((n * n, 1), s))
    return np.concatenate(grids), np.concatenate(strides)


def yolox(sess, bgr):
    h, w = bgr.shape[:2]
    r = min(416 / h, 416 / w)
    nw, nh = int(w * r), int(h * r)
    canvas = np.full((416, 416, 3), 114, np.float32)
    canvas[:nh, :nw] = cv2.resize(bgr, (nw, nh), interpolation=cv2.INTER_LINEAR)
    out = sess.run(None, {"images": canvas.transpose(2, 0, 1)[None]})[0][0]
    grids, strides = yolox_anchors()
    cxy = (out[:, :2] + grids) * strides
    wh = np.exp(out[:, 2:4]) * strides
    xyxy = np.concatenate([cxy - wh / 2, cxy + wh / 2], 1) / r
    scores = out[:, 4:5] * out[:, 5:]
    res = []
    for c in range(80):
        idx = np.nonzero(scores[:, c] > 0.3)[0]
        if len(idx) == 0:
            continue
        b = xyxy[idx].tolist()
        sc = scores[idx, c].tolist()
        for k in nms(b, sc, 0.45):
            res.append([round(v, 2) for v in b[k]] + [round(sc[k], 4), c])
    res.sort(key=lambda d: -d[4])
    return res


def ultraface(sess, rgb):
    h, w = rgb.shape[:2]
    x = (cv2.resize(rgb, (320, 240), interpolation=cv2.INTER_LINEAR).astype(np.float32) - 127) / 128
    scores, boxes = sess.run(None, {"input": x.transpose(2, 0, 1)[None]})
    idx = np.nonzero(scores[0, :, 1] > 0.7)[0]
    b = [[min(max(float(v), 0), lim) for v, lim in zip(boxes[0, i] * [w, h, w, h], [w, h, w, h])] for i in idx]
    sc = [float(scores[0, i, 1]) for i in idx]
    return [[round(v, 2) for v in b[k]] + [round(sc[k], 4)] for k in nms(b, sc, 0.3)]


def fastestdet(sess, bgr):
    h, w = bgr.shape[:2]
    x = cv2.resize(bgr, (352, 352), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    out = sess.run(None, {"input.1": x.transpose(2, 0, 1)[None]})[0][0]
    gh, gw = out.shape[1:]
    b, sc, cl = [], [], []
    for rr in range(gh):
        for cc in range(gw):
            obj, cls = out[0, rr, cc], out[5:, rr, cc]
            c = int(np.argmax(cls))
            score = obj ** 0.6 * cls[c] ** 0.4
            if score <= 0.65:
                continue
            cx, cy = (cc + np.tanh(out[1, rr, cc])) / gw, (rr + np.tanh(out[2, rr, cc])) / gh
            bw, bh = 1 / (1 + np.exp(-out[3, rr, cc])), 1 / (1 + np.exp(-out[4, rr, cc]))
            b.append([(cx - bw / 2) * w, (cy - bh / 2) * h, (cx + bw / 2) * w, (cy + bh / 2) * h])
            sc.append(float(score))
            cl.append(c)
    return [[round(float(v), 2) for v in b[k]] + [round(sc[k], 4), cl[k]] for k in nms(b, sc, 0.45)]


def main():
    sessions = {
        "yunet": session("face/yunet_2023mar.onnx"),
        "yolox": session("object/yolox_nano_416.onnx"),
        "ultraface": session("face/ultraface_rfb320.onnx"),
        "fastestdet": session("object/fastestdet.onnx"),
    }
    with open(os.path.join(DEV, "manifest.csv")) as f:
        rows = list(csv.DictReader(f))
    images = {}
    for row in rows:
        try:
            with Image.open(os.path.join(DEV, row["path"])) as im:
                if im.format not in ("JPEG", "PNG", "WEBP"):
                    continue
                rgb = np.asarray(ImageOps.exif_transpose(im).convert("RGB"))
        except Exception:
            continue
        bgr = np.ascontiguousarray(rgb[:, :, ::-1])
        images[row["path"]] = {
            "width": rgb.shape[1],
            "height": rgb.shape[0],
            "yunet": yunet(sessions["yunet"], bgr),
            "yolox": yolox(sessions["yolox"], bgr),
            "ultraface": ultraface(sessions["ultraface"], rgb),
            "fastestdet": fastestdet(sessions["fastestdet"], bgr),
        }
    doc = {
        "about": "Reference detections (original pixels). yunet: x1,y1,x2,y2,score,5×(x,y) keypoints; "
                 "yolox/fastestdet: x1,y1,x2,y2,score,class; ultraface: x1,y1,x2,y2,score. "
                 "Made by scripts/oracles/gate_detections.py with onnxruntime " + ort.__version__ + ".",
        "images": images,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"), sort_keys=True)
    print(f"{len(images)} images -> {OUT}")


if __name__ == "__main__":
    sys.exit(main())

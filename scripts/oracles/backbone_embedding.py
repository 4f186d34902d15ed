"""Expected MobileNetV2 embeddings for the embedding experts, computed with Pillow and onnxruntime.

For three dev images: decode with Pillow (RGB), resize the whole image to 224x224 with Pillow's bilinear
filter, scale to 0..1, ImageNet mean/std, NCHW, run models/backbones/mobilenetv2_imagenet.onnx and keep the
`embedding` output (1280 values, rounded to 6 decimals). Writes Tests/Fixtures/experts/backbone_embedding.json.
Run from the repository root: python3 scripts/oracles/backbone_embedding.py
"""
import json
import pathlib

import numpy as np
import onnxruntime
from PIL import Image

DEV = pathlib.Path("../shared/data/dev")
MODEL = pathlib.Path("../shared/models/backbones/mobilenetv2_imagenet.onnx")
IMAGES = [
    "real/c2pa-rs__sdk__tests__fixtures__earth_apollo17.jpg",
    "fake/ComfyUI_examples__aura_flow__aura_flow_0.2_example.png",
    "real/ComfyUI_examples__unclip__sunset.png",
]


def main():
    session = onnxruntime.InferenceSession(str(MODEL), providers=["CPUExecutionProvider"])
    mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
    std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
    cases = []
    for path in IMAGES:
        image = Image.open(DEV / path).convert("RGB").resize((224, 224), Image.BILINEAR)
        x = (np.asarray(image, dtype=np.float32) * np.float32(1 / 255) - mean) / std
        x = x.transpose(2, 0, 1)[None].astype(np.float32)
        embedding = session.run(["embedding"], {"input": x})[0][0]
        cases.append({"path": path, "embedding": [round(float(v), 6) for v in embedding]})
    out = pathlib.Path("Tests/Fixtures/experts/backbone_embedding.json")
    out.write_text(json.dumps({"model": "mobilenetv2_imagenet", "cases": cases}) + "\n")
    print(f"wrote {out} ({len(cases)} cases)")


if __name__ == "__main__":
    main()

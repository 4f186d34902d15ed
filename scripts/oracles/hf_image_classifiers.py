"""Tiny Hugging Face and timm image classifiers, exported to ONNX, with what PyTorch computes on them.

Fixtures for the Swift importer of hub image classifiers (HFModelFolder, HFImageProcessor). Writes, under
Tests/Fixtures/hf/, one folder per model laid out as on the hub:
  vit/, clip/, convnext/, swin/, generators/,  config.json (id2label), preprocessor_config.json
  deit/, beit/, bit/, siglip/, dinov2/,
  efficientnet/
  timm/                                        config.json as timm writes it (architecture, num_classes,
                                               label_names, model_args, pretrained_cfg)
each with model.onnx (opset 17, input `pixel_values`, output `logits`, dynamic batch) and README.md (model
card front matter naming the licence; `generators` is cc-by-nc-4.0, the others apache-2.0). The PyTorch
weights are not kept: model.onnx carries them, as in an ONNX-only hub repository.

The image_processor_type each preprocessor_config.json names is the class that wrote it:
  ViTImageProcessor       vit, swin, generators    (size height/width, no crop)
  CLIPImageProcessor      clip                     (shortest edge, then crop)
  ConvNextImageProcessor  convnext                 (shortest edge / crop_pct, then crop)
  DeiTImageProcessor      deit                     (size height/width, then crop)
  BeitImageProcessor      beit                     (size height/width, no crop; crop_size is the class's
                                                    default 224 and unused, as in microsoft/beit-*)
  BitImageProcessor       bit, dinov2              (shortest edge, then crop; facebook/dinov2-* name this class)
  SiglipImageProcessor    siglip                   (size height/width, no crop)
  EfficientNetImageProcessor efficientnet          (size height/width, then crop; rescale_offset: x/127.5 - 1,
                                                    then ImageNet mean/std, then include_top divides by the
                                                    std a second time)
transformers 5 names its processor classes without "Fast" (these are the torchvision backend; `backend="pil"`
gives XImageProcessorPil, which writes the same name), so no name needs rewriting.

Tests/Fixtures/hf/expected.json names the models (folder, processor, labels, licence) and the images;
Tests/Fixtures/hf/expected/<model>.json holds, for each of four dev images (opened with Pillow,
ImageOps.exif_transpose, convert("RGB")): the tensor the model's own processor makes (the
transformers processor loaded back from the saved folder with its Pillow backend, or timm's evaluation transform),
its shape and values (flat NCHW, rounded to 6 decimals), the PyTorch logits and the onnxruntime logits of
model.onnx on the same tensor (asserted to agree within 1e-4).

transformers 5 defaults to a torchvision backend for image processors, which resizes differently from
Pillow; the Pillow backend is what transformers 4 (and so the hub's models when they were trained) used and
what the Swift processor reproduces. The summary printed at the end shows how far the torchvision backend's
tensor is from it (|tv-pil|), and how far onnxruntime's logits are from PyTorch's (|ort-pt|).

Run from the repository root:  python3 scripts/oracles/hf_image_classifiers.py
Needs: torch, transformers 5 (for its `backend="pil"`), timm, onnx, onnxruntime, pillow (scripts/install-deps.sh oracles).
Fixed seeds: re-running with the same package versions rewrites the same files.
"""
import json
import math
import os
import shutil
import warnings

import numpy as np
import onnx
import onnxruntime
import PIL
import timm
import timm.data
import torch
import transformers
from PIL import Image, ImageOps
from timm.models._hub import save_config_for_hf
from transformers import (
    AutoImageProcessor,
    BeitConfig,
    BeitForImageClassification,
    BeitImageProcessor,
    BitConfig,
    BitForImageClassification,
    BitImageProcessor,
    CLIPConfig,
    CLIPForImageClassification,
    CLIPImageProcessor,
    ConvNextConfig,
    ConvNextForImageClassification,
    ConvNextImageProcessor,
    DeiTConfig,
    DeiTForImageClassification,
    DeiTImageProcessor,
    Dinov2Config,
    Dinov2ForImageClassification,
    EfficientNetConfig,
    EfficientNetForImageClassification,
    EfficientNetImageProcessor,
    SiglipConfig,
    SiglipForImageClassification,
    SiglipImageProcessor,
    SwinConfig,
    SwinForImageClassification,
    ViTConfig,
    ViTForImageClassification,
    ViTImageProcessor,
)

OUT = os.path.join("Tests", "Fixtures", "hf")
IMAGES = [
    # portrait, no EXIF orientation
    "../shared/data/dev/real/deepface__tests__unit__dataset__img10.jpg",
    # stored landscape 2048x1536 with EXIF orientation 6: portrait only once transposed
    "../shared/data/dev/real/exif-samples__jpg__hdr__canon_hdr_NO.jpg",
    # landscape 2:1 PNG
    "../shared/data/dev/fake/ComfyUI_examples__flux__flux_depth_lora_example.png",
    # landscape 1280x811: the crop's margin is 3 mod 4 for CLIP (23 px) and timm (35 px), the only case where
    # transformers' floored offset and timm's half-to-even one both differ from the other rule
    "../shared/data/dev/real/deepface__tests__unit__dataset__img67.jpg",
]
IMAGENET_MEAN, IMAGENET_STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
TOLERANCE = 1e-4
# each model's file (expected/<model>.json) must stay under the repository's 2 MB limit
MAX_EXPECTED_BYTES = 2_000_000
MAX_FOLDER_BYTES = 1_000_000


def labels(*names):
    return {"id2label": dict(enumerate(names)), "label2id": {name: i for i, name in enumerate(names)}}


def tiny_vit(image_size, names):
    return ViTForImageClassification(ViTConfig(
        image_size=image_size, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, **labels(*names)))


def make_vit():
    processor = ViTImageProcessor(size={"height": 48, "width": 48}, resample=2, do_rescale=True, do_normalize=True,
                                  image_mean=[0.5, 0.5, 0.5], image_std=[0.5, 0.5, 0.5])
    return tiny_vit(48, ["real", "fake"]), processor, "apache-2.0"


def make_clip():
    config = CLIPConfig(
        vision_config=dict(image_size=40, patch_size=8, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                           num_attention_heads=2),
        # the classifier builds only the vision tower; the text tower's default settings stay in config.json
        # as in a real CLIP checkpoint, and cost nothing
        **labels("REAL", "FAKE"))
    # CLIP's default mean/std are the class defaults, so they are not passed
    processor = CLIPImageProcessor(size={"shortest_edge": 40}, crop_size={"height": 40, "width": 40}, resample=3,
                                   do_center_crop=True)
    return CLIPForImageClassification(config), processor, "apache-2.0"


def make_convnext():
    config = ConvNextConfig(num_stages=2, hidden_sizes=[16, 32], depths=[1, 1], image_size=48,
                            **labels("artificial", "human"))
    # the class defaults to 0.5 mean/std; facebook/convnext-* checkpoints name ImageNet's
    processor = ConvNextImageProcessor(size={"shortest_edge": 48}, crop_pct=0.875, resample=3,
                                       image_mean=IMAGENET_MEAN, image_std=IMAGENET_STD)
    return ConvNextForImageClassification(config), processor, "apache-2.0"


def make_swin():
    # 32 px in 4 px patches is an 8x8 grid, 4x4 after the merge: windows of 4 tile both stages
    config = SwinConfig(image_size=32, patch_size=4, embed_dim=16, depths=[1, 1], num_heads=[1, 2], window_size=4,
                        mlp_ratio=2.0, **labels("ai_generated", "real"))
    processor = ViTImageProcessor(size={"height": 32, "width": 32}, resample=3,
                                  image_mean=IMAGENET_MEAN, image_std=IMAGENET_STD)
    return SwinForImageClassification(config), processor, "apache-2.0"


def make_generators():
    processor = ViTImageProcessor(size={"height": 40, "width": 40}, resample=2,
                                  image_mean=[0.5, 0.5, 0.5], image_std=[0.5, 0.5, 0.5])
    return tiny_vit(40, ["real", "midjourney", "dalle", "stable_diffusion"]), processor, "cc-by-nc-4.0"


TIMM_DATA = dict(input_size=(3, 48, 48), interpolation="bicubic", crop_pct=0.9, crop_mode="center",
                 mean=tuple(IMAGENET_MEAN), std=tuple(IMAGENET_STD))
TIMM_LABELS = ["real", "fake"]


def make_timm():
    # resnet10t at 1/8 of its widths: the registered architecture, so timm records the narrower widths in
    # config.json's model_args and timm.create_model("hf-hub:...") could rebuild it
    model = timm.create_model("resnet10t", pretrained=False, num_classes=2, stem_width=8, channels=(8, 16, 32, 64),
                              pretrained_cfg_overlay=TIMM_DATA)
    return model, None, "apache-2.0"


def make_deit():
    # DeiTForImageClassification reads its head off the CLS token; the distillation token is there but unused
    config = DeiTConfig(image_size=48, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, **labels("fake", "real"))
    processor = DeiTImageProcessor(size={"height": 56, "width": 56}, do_center_crop=True,
                                   crop_size={"height": 48, "width": 48}, resample=3,
                                   image_mean=IMAGENET_MEAN, image_std=IMAGENET_STD)
    return DeiTForImageClassification(config), processor, "apache-2.0"


def make_beit():
    # layer scale and mean pooling as microsoft/beit-* have them, but absolute position embeddings in place of
    # their relative position bias: the exporter traces the bias table's index and interpolation from the input's
    # shape, some 650 nodes a layer, and model.onnx grows from 146 KB to 395 KB (249 KB with one shared bias)
    config = BeitConfig(image_size=48, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, use_absolute_position_embeddings=True, use_relative_position_bias=False,
                        use_mean_pooling=True, **labels("real", "synthetic"))
    processor = BeitImageProcessor(size={"height": 48, "width": 48}, do_center_crop=False, resample=2,
                                   image_mean=[0.5, 0.5, 0.5], image_std=[0.5, 0.5, 0.5])
    return BeitForImageClassification(config), processor, "apache-2.0"


def make_bit():
    # pre-activation bottlenecks with weight-standardised convolutions and group norm, one block a stage
    config = BitConfig(embedding_size=16, hidden_sizes=[32, 64], depths=[1, 1], num_groups=4,
                       **labels("deepfake", "pristine"))
    # the class defaults to CLIP's mean/std, so ImageNet's are passed (dinov2 below names them too)
    processor = BitImageProcessor(size={"shortest_edge": 52}, crop_size={"height": 48, "width": 48},
                                  do_center_crop=True, resample=3, do_convert_rgb=True,
                                  image_mean=IMAGENET_MEAN, image_std=IMAGENET_STD)
    return BitForImageClassification(config), processor, "apache-2.0"


def make_siglip():
    # the classifier builds only the vision tower and averages its tokens (the attention-pooling head is
    # unused); the text tower's default settings stay in config.json, as for CLIP
    config = SiglipConfig(
        vision_config=dict(image_size=32, patch_size=8, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                           num_attention_heads=2),
        **labels("human", "ai"))
    processor = SiglipImageProcessor(size={"height": 32, "width": 32}, resample=3,
                                     image_mean=[0.5, 0.5, 0.5], image_std=[0.5, 0.5, 0.5])
    return SiglipForImageClassification(config), processor, "apache-2.0"


def make_dinov2():
    # the head reads the CLS token beside the mean of the patch tokens
    config = Dinov2Config(image_size=40, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                          mlp_ratio=2, **labels("real", "fake"))
    # facebook/dinov2-* checkpoints name BitImageProcessor (there is no DINOv2 processor class)
    processor = BitImageProcessor(size={"shortest_edge": 44}, crop_size={"height": 40, "width": 40},
                                  do_center_crop=True, resample=3, do_convert_rgb=True,
                                  image_mean=IMAGENET_MEAN, image_std=IMAGENET_STD)
    return Dinov2ForImageClassification(config), processor, "apache-2.0"


def make_efficientnet():
    # three stages of google/efficientnet-b0's seven at a quarter of its widths and half its depth (blocks of 8, 8
    # and 16 channels, repeats ceil(0.5 * [1, 3, 2]) = [1, 2, 1]): a block without expansion, a stride-2 5x5 block
    # padded right and bottom, a stride-1 block with its residual, and a stride-2 3x3 block padded on all sides
    # (depthwise_padding names it); hidden_dim is round_filters(1280) at that width, as top_bn needs.
    # The pooler is AvgPool2d(hidden_dim, ceil_mode=True) as in every checkpoint: a global mean of the 6x6 map
    config = EfficientNetConfig(image_size=48, width_coefficient=0.25, depth_coefficient=0.5, kernel_sizes=[3, 5, 3],
                                in_channels=[32, 16, 24], out_channels=[16, 24, 40], strides=[1, 2, 2],
                                num_block_repeats=[1, 3, 2], expand_ratios=[1, 6, 6], depthwise_padding=[3],
                                hidden_dim=320, **labels("real", "fake"))
    # nearest resize, transformers 4's default (transformers 5's class defaults to bicubic, so it is passed), a
    # crop, x / 127.5 - 1 (rescale_offset), ImageNet mean/std, then include_top divides by the std once more
    processor = EfficientNetImageProcessor(size={"height": 52, "width": 52}, resample=0, do_center_crop=True,
                                           crop_size={"height": 48, "width": 48}, do_rescale=True,
                                           rescale_factor=1 / 127.5, rescale_offset=True, do_normalize=True,
                                           image_mean=IMAGENET_MEAN, image_std=IMAGENET_STD, include_top=True)
    return EfficientNetForImageClassification(config), processor, "apache-2.0"


MODELS = {
    "vit": make_vit,
    "clip": make_clip,
    "convnext": make_convnext,
    "swin": make_swin,
    "generators": make_generators,
    "timm": make_timm,
    # added later: appended so the models above keep their seeds and files
    "deit": make_deit,
    "beit": make_beit,
    "bit": make_bit,
    "siglip": make_siglip,
    "dinov2": make_dinov2,
    "efficientnet": make_efficientnet,
}


@torch.no_grad()
def perturb(model, seed):
    """Default initialisation leaves norms at identity, batch-norm statistics at 0 and 1, layer scales at
    1e-6 and heads near zero: the logits would be nearly 0 and nearly equal, and an importer that got a
    layer wrong could still match them. Every weight gets seeded noise instead, scaled so activations and
    logits stay of order 1."""
    generator = torch.Generator().manual_seed(seed)

    def noise(tensor, std, mean=0.0):
        tensor.copy_(mean + std * torch.randn(tensor.shape, generator=generator))

    for name, p in model.named_parameters():
        if p.dim() >= 2:
            noise(p, 1 / math.sqrt(p[0].numel()))
        elif name.endswith("weight"):
            noise(p, 0.2, 1.0)
        else:
            noise(p, 0.2)
    for name, b in model.named_buffers():
        if name.endswith("running_mean"):
            noise(b, 0.2)
        elif name.endswith("running_var"):
            b.copy_(0.5 + torch.rand(b.shape, generator=generator))


def load_image(path):
    with Image.open(path) as image:
        return ImageOps.exif_transpose(image).convert("RGB")


def write_card(folder, name, licence):
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write(f"---\nlicense: {licence}\ntags:\n- image-classification\n---\n\n"
                f"# {name}\n\nA tiny randomly initialised classifier written by "
                "scripts/oracles/hf_image_classifiers.py as a test fixture. Its outputs mean nothing.\n")


def export_onnx(model, example, path):
    # The legacy TorchScript exporter: the dynamo one (torch 2.15) needs onnxscript, fails on Swin, and
    # cannot bring the timm ResNet down to opset 17.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer warnings about shape-dependent Python branches
        torch.onnx.export(
            model, (example,), path, dynamo=False, opset_version=17,
            input_names=["pixel_values"], output_names=["logits"],
            dynamic_axes={"pixel_values": {0: "batch"}, "logits": {0: "batch"}})
    onnx.checker.check_model(onnx.load(path))


class LogitsOnly(torch.nn.Module):
    """transformers models return an output object; the export wants the logits tensor alone."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        return self.model(pixel_values=pixel_values).logits


def build(name):
    torch.manual_seed(0)
    model, processor, licence = MODELS[name]()
    perturb(model, seed=list(MODELS).index(name) + 1)
    model.eval()
    folder = os.path.join(OUT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    if processor is None:
        # data_config as an export names it, so resnet10t's own test-time size and crop (224 px, 0.95) are dropped
        save_config_for_hf(model, os.path.join(folder, "config.json"), model_config={"label_names": TIMM_LABELS},
                           data_config=TIMM_DATA)
        size = model.pretrained_cfg["input_size"]
        wrapped = model
    else:
        # save_pretrained writes config.json as the hub has it (architectures, id2label); the weights it
        # writes beside it are dropped, model.onnx holds them
        model.save_pretrained(folder)
        for file in os.listdir(folder):
            if file != "config.json":
                os.remove(os.path.join(folder, file))
        processor.save_pretrained(folder)
        # the model's input side: the crop if there is one, else the resize (ConvNeXt crops to its size itself)
        crop = processor.crop_size if getattr(processor, "do_center_crop", False) else processor.size
        side = crop.get("height") or crop.get("shortest_edge")
        size = (3, side, side)
        # in eval mode too: the exporter restores the wrapper's mode afterwards, and a wrapper left in
        # training mode would put Swin's stochastic depth back on for the PyTorch logits
        wrapped = LogitsOnly(model).eval()
    export_onnx(wrapped, torch.zeros(1, *size), os.path.join(folder, "model.onnx"))
    assert not model.training
    write_card(folder, name, licence)
    return model, licence


def preprocessors(name, model):
    """The processor the expected values come from, how it is named, and a second opinion (the
    torchvision backend) used only for the summary."""
    folder = os.path.join(OUT, name)
    if name == "timm":
        transform = timm.data.create_transform(**timm.data.resolve_data_config({}, model=model))
        return (lambda image: transform(image).unsqueeze(0)), "timm", None
    # loaded back from the saved folder, so a mistake in preprocessor_config.json shows here
    pil = AutoImageProcessor.from_pretrained(folder, backend="pil")
    tv = AutoImageProcessor.from_pretrained(folder, backend="torchvision")
    with open(os.path.join(folder, "preprocessor_config.json")) as f:
        kind = json.load(f)["image_processor_type"]
    return (lambda image: pil(image, return_tensors="pt")["pixel_values"]), kind, \
        (lambda image: tv(image, return_tensors="pt")["pixel_values"])


def label_names(name, model):
    if name == "timm":
        with open(os.path.join(OUT, name, "config.json")) as f:
            return json.load(f)["label_names"]
    return [model.config.id2label[i] for i in range(len(model.config.id2label))]


def rounded(values, decimals=6):
    return [round(float(v), decimals) for v in np.asarray(values, dtype=np.float64).ravel()]


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))


def main():
    transformers.utils.logging.disable_progress_bar()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    images = {path: load_image(path) for path in IMAGES}
    expected = {
        "generatedBy": "scripts/oracles/hf_image_classifiers.py",
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "timm": timm.__version__, "onnxruntime": onnxruntime.__version__, "pillow": PIL.__version__},
        "tolerance": TOLERANCE,
        "images": [{"path": path, "size": list(image.size)} for path, image in images.items()],
        "models": {},
    }
    rows = []
    for name in MODELS:
        model, licence = build(name)
        process, kind, other_backend = preprocessors(name, model)
        session = onnxruntime.InferenceSession(os.path.join(OUT, name, "model.onnx"),
                                               providers=["CPUExecutionProvider"])
        cases, batch = [], []
        for path, image in images.items():
            x = process(image).float()
            with torch.no_grad():
                logits = model(x) if name == "timm" else model(pixel_values=x).logits
            onnx_logits = session.run(["logits"], {"pixel_values": x.numpy()})[0]
            gap = float(np.abs(onnx_logits - logits.numpy()).max())
            assert gap <= TOLERANCE, f"{name} {path}: onnxruntime differs from PyTorch by {gap}"
            backend_gap = float((other_backend(image) - x).abs().max()) if other_backend else None
            batch.append((x, onnx_logits))
            cases.append({"image": path, "shape": list(x.shape), "pixelValues": rounded(x),
                          "logits": rounded(logits), "onnxLogits": rounded(onnx_logits)})
            rows.append((name, kind, os.path.basename(path)[:40], "x".join(map(str, x.shape[2:])),
                         " ".join(f"{v:+.4f}" for v in logits[0].tolist()), gap, backend_gap))
        # the batch axis is meant to be dynamic: all the images at once give each one's logits
        together = session.run(["logits"], {"pixel_values": torch.cat([x for x, _ in batch]).numpy()})[0]
        gap = float(np.abs(together - np.concatenate([y for _, y in batch])).max())
        assert gap <= TOLERANCE, f"{name}: a batch of {len(batch)} differs from one image at a time by {gap}"
        expected["models"][name] = {"folder": name, "processor": kind, "labels": label_names(name, model),
                                    "license": licence, "cases": f"expected/{name}.json"}
        size = folder_bytes(os.path.join(OUT, name))
        assert size < MAX_FOLDER_BYTES, f"{name}: {size} bytes"
        # Each model's tensors in a file of its own, so no fixture file grows past the repository's 2 MB limit.
        os.makedirs(os.path.join(OUT, "expected"), exist_ok=True)
        path = os.path.join(OUT, "expected", f"{name}.json")
        with open(path, "w") as f:
            json.dump({"cases": cases}, f, separators=(",", ":"))
            f.write("\n")
        assert os.path.getsize(path) < MAX_EXPECTED_BYTES, f"{path}: {os.path.getsize(path)} bytes"

    path = os.path.join(OUT, "expected.json")
    with open(path, "w") as f:
        json.dump(expected, f, separators=(",", ":"), indent=1)
        f.write("\n")

    print(f"{'model':<11}{'processor':<24}{'image':<42}{'input':<7}{'PyTorch logits':<38}{'|ort-pt|':>9}"
          f"{'|tv-pil|':>9}")
    for name, kind, image, size, logits, gap, backend_gap in rows:
        tv = "-" if backend_gap is None else f"{backend_gap:.4f}"
        print(f"{name:<11}{kind:<24}{image:<42}{size:<7}{logits:<38}{gap:>9.1e}{tv:>9}")
    print()
    for name in MODELS:
        folder = os.path.join(OUT, name)
        files = ", ".join(f"{f} {os.path.getsize(os.path.join(folder, f))}" for f in sorted(os.listdir(folder)))
        print(f"{name:<11}{folder_bytes(folder):>8} bytes  ({files})")
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print(f"expected.json {os.path.getsize(path)} bytes; {OUT} {total} bytes in all")


if __name__ == "__main__":
    main()

"""python -m camo_training fit CONFIG.yaml | export CHECKPOINT --out FOLDER"""
from __future__ import annotations

import argparse
import sys

from .errors import TrainingError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m camo_training",
                                     description="Fine-tune a timm backbone on CAMO's training sets; export it for "
                                                 "`camo models import` (docs/training.md).")
    commands = parser.add_subparsers(dest="command", required=True)
    fit = commands.add_parser("fit", help="train from a YAML config; one checkpoint per epoch")
    fit.add_argument("config", help="the YAML config (see training/configs/)")
    fit.add_argument("--out", help="the run folder (default: the config's output, else runs/<config name>)")
    fit.add_argument("--resume", action="store_true", help="continue the run in the folder from its last epoch")
    export = commands.add_parser("export", help="write model.onnx and its preprocessing for `camo models import`")
    export.add_argument("checkpoint", help="a checkpoint of a fit run (RUN/best.pt or RUN/last.pt)")
    export.add_argument("--out", required=True, help="the folder to write")
    export.add_argument("--images", nargs="*", default=[], help="images to compare ONNX and PyTorch on, besides "
                                                                "three synthetic ones")
    export.add_argument("--force", action="store_true", help="replace the folder if it exists")
    args = parser.parse_args(argv)

    def log(line: str) -> None:
        print(line, flush=True)

    # imported here: PyTorch takes seconds to load, and `--help` should not wait for it
    try:
        if args.command == "fit":
            from .config import load_config
            from .train import fit as run_fit
            run_fit(load_config(args.config), out=args.out, resume=args.resume, log=log)
        else:
            from .export import export as run_export
            run_export(args.checkpoint, args.out, images=args.images, force=args.force, log=log)
    except TrainingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0

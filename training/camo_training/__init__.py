"""Fine-tune a timm backbone on CAMO's training sets and export it as an expert `camo models import` reads.

    python -m camo_training fit CONFIG.yaml [--out RUN] [--resume]
    python -m camo_training export RUN/best.pt --out FOLDER

See docs/training.md.
"""

__version__ = "0.1.0"

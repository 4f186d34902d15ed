"""Validation metrics as `camo eval` reports them: fake is the positive class, called fake when p_fake > 0.5."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score


def summarise(labels, p_fake) -> dict:
    labels, p_fake = np.asarray(labels), np.asarray(p_fake, dtype=np.float64)
    both = len(set(labels.tolist())) == 2
    return {
        # undefined with one class: None, never a made-up 0.5
        "auc": float(roc_auc_score(labels, p_fake)) if both else None,
        "ap": float(average_precision_score(labels, p_fake)) if labels.any() else None,
        "accuracy": float(np.mean((p_fake > 0.5) == (labels == 1))) if len(labels) else None,
        "images": int(len(labels)),
    }

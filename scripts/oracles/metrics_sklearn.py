"""Expected binary-classification metrics for CAMOEval, computed with scikit-learn.

Writes Tests/Fixtures/eval/metrics_sklearn.json: random cases (seeded) of labels (1 = fake) and
scores, some with heavy ties, each with accuracy, precision, recall, F1, MCC, ROC-AUC, average
precision, Brier score, log loss and the confusion matrix at the case's threshold, plus the EER
(interpolated on the full ROC curve) and the best-F1 threshold from precision_recall_curve.
Run from the repository root: python3 scripts/oracles/metrics_sklearn.py
"""
import json
import pathlib

import numpy as np
from sklearn import metrics


def eer(labels, scores):
    fpr, tpr, _ = metrics.roc_curve(labels, scores, drop_intermediate=False)
    fnr = 1 - tpr
    for i in range(1, len(fpr)):
        if fpr[i] >= fnr[i]:
            before = fnr[i - 1] - fpr[i - 1]
            after = fnr[i] - fpr[i]
            t = before / (before - after) if before - after > 0 else 0.0
            return float(fpr[i - 1] + t * (fpr[i] - fpr[i - 1]))
    return 1.0


def best_f1(labels, scores):
    precision, recall, thresholds = metrics.precision_recall_curve(labels, scores)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-300), 0.0)[:-1]
    # precision_recall_curve lists thresholds in increasing order; take the highest threshold among equal F1.
    best = max(range(len(thresholds)), key=lambda i: (round(float(f1[i]), 12), thresholds[i]))
    return float(thresholds[best]), float(f1[best])


def case(rng, n, ties, threshold):
    labels = rng.integers(0, 2, n)
    labels[0], labels[1] = 0, 1
    noise = rng.normal(0, 1, n) + labels * rng.uniform(0.0, 2.0)
    scores = 1 / (1 + np.exp(-noise))
    if ties:
        scores = np.round(scores * ties) / ties
    predicted = (scores > threshold).astype(int)
    tn, fp, fn, tp = metrics.confusion_matrix(labels, predicted, labels=[0, 1]).ravel()
    threshold_f1, f1_best = best_f1(labels, scores)
    return {
        "labels": [int(v) for v in labels],
        "scores": [float(v) for v in scores],
        "threshold": threshold,
        "expected": {
            "accuracy": metrics.accuracy_score(labels, predicted),
            "precision": metrics.precision_score(labels, predicted, zero_division=0),
            "recall": metrics.recall_score(labels, predicted, zero_division=0),
            "f1": metrics.f1_score(labels, predicted, zero_division=0),
            "mcc": metrics.matthews_corrcoef(labels, predicted),
            "roc_auc": metrics.roc_auc_score(labels, scores),
            "average_precision": metrics.average_precision_score(labels, scores),
            "brier": metrics.brier_score_loss(labels, scores),
            "log_loss": metrics.log_loss(labels, scores, labels=[0, 1]),
            "eer": eer(labels, scores),
            "best_f1_threshold": threshold_f1,
            "best_f1": f1_best,
            "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
        },
    }


def main():
    rng = np.random.default_rng(20261127)
    cases = []
    for index in range(40):
        n = int(rng.integers(5, 300))
        ties = [0, 0, 10, 4, 100][index % 5]
        threshold = [0.5, 0.3, 0.7, 0.5][index % 4]
        cases.append(case(rng, n, ties, threshold))
    out = pathlib.Path("Tests/Fixtures/eval/metrics_sklearn.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"cases": cases}, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({len(cases)} cases)")


if __name__ == "__main__":
    main()

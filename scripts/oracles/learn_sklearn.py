"""Expected results for CAMOLearn, computed with scikit-learn.

Writes to Tests/Fixtures/learn/:
  <name>.csv        seeded make_classification datasets: columns split (train/test), label (0/1), then features
                    (values rounded so that both sides fit the very same numbers)
  expected.json     per dataset: HistGradientBoostingClassifier test ROC-AUC (default hyper-parameters, early stopping
                    off and on), StandardScaler + LogisticRegression coefficients, intercept and test probabilities;
                    isotonic and Platt (sigmoid) calibration of a seeded score set at query points.
Run from the repository root: python3 scripts/oracles/learn_sklearn.py
"""
import csv
import json
import pathlib

import numpy as np
from sklearn.calibration import _sigmoid_calibration
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

OUT = pathlib.Path("Tests/Fixtures/learn")

# name, make_classification arguments, test fraction, decimals kept, LogisticRegression C
DATASETS = [
    ("informative", dict(n_samples=600, n_features=10, n_informative=6, n_redundant=2, random_state=1), 0.25, 5, 1.0),
    ("noisy", dict(n_samples=600, n_features=29, n_informative=5, n_redundant=5, flip_y=0.05, class_sep=0.8,
                   random_state=2), 0.25, 4, 1.0),
    ("wide", dict(n_samples=200, n_features=200, n_informative=10, n_redundant=10, random_state=3), 0.25, 3, 0.1),
]


def dataset(name, arguments, test_fraction, decimals):
    x, y = make_classification(**arguments)
    if name == "noisy":
        x = np.insert(x, 7, 3.5, axis=1)  # a constant column the trees must never split on
    x = np.round(x, decimals)
    # The Swift side reads Float32; fit the oracle on the same numbers.
    x = x.astype(np.float32).astype(np.float64)
    rows = np.arange(len(y))
    train, test = train_test_split(rows, test_size=test_fraction, stratify=y, random_state=0)
    train, test = np.sort(train), np.sort(test)  # file order, as the Swift side reads them
    with open(OUT / f"{name}.csv", "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["split", "label"] + [f"f{i}" for i in range(x.shape[1])])
        is_test = np.zeros(len(y), dtype=bool)
        is_test[test] = True
        for i in rows:
            writer.writerow(["test" if is_test[i] else "train", int(y[i])] + [f"{v:.{decimals}f}" for v in x[i]])
    return x[train], y[train], x[test], y[test]


def boosted_auc(x_train, y_train, x_test, y_test, early_stopping):
    model = HistGradientBoostingClassifier(
        learning_rate=0.1, max_iter=100, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=0.0,
        max_bins=255, early_stopping=early_stopping, validation_fraction=0.1, n_iter_no_change=10, tol=1e-7,
        random_state=0)
    model.fit(x_train, y_train)
    return float(roc_auc_score(y_test, model.predict_proba(x_test)[:, 1])), int(model.n_iter_)


def logistic(x_train, y_train, x_test, c):
    scaler = StandardScaler().fit(x_train)
    model = LogisticRegression(C=c, tol=1e-12, max_iter=100000).fit(scaler.transform(x_train), y_train)
    return {
        "C": c,
        "coefficients": [round(float(v), 10) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 10),
        "test_probabilities": [round(float(v), 10) for v in model.predict_proba(scaler.transform(x_test))[:, 1]],
    }


def calibration():
    rng = np.random.default_rng(12)
    scores = np.round(rng.beta(2, 2, size=300), 2)  # two decimals: many ties
    labels = (rng.random(300) < scores**2 + 0.05).astype(int)
    queries = [-0.5, 0.0, 0.005, 0.1, 0.237, 0.5, 0.51, 0.75, 0.999, 1.0, 1.5] + [float(v) for v in scores[:20]]
    isotonic = IsotonicRegression(out_of_bounds="clip").fit(scores, labels)
    a, b = _sigmoid_calibration(scores, labels)
    platt = 1 / (1 + np.exp(a * np.array(queries) + b))
    return {
        "scores": [float(v) for v in scores],
        "labels": [int(v) for v in labels],
        "queries": queries,
        "isotonic": [round(float(v), 12) for v in isotonic.predict(queries)],
        "platt_a": float(a),
        "platt_b": float(b),
        "platt": [round(float(v), 12) for v in platt],
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {"datasets": {}, "calibration": calibration()}
    for name, arguments, test_fraction, decimals, c in DATASETS:
        x_train, y_train, x_test, y_test = dataset(name, arguments, test_fraction, decimals)
        auc, iterations = boosted_auc(x_train, y_train, x_test, y_test, early_stopping=False)
        auc_early, iterations_early = boosted_auc(x_train, y_train, x_test, y_test, early_stopping=True)
        expected["datasets"][name] = {
            "train_rows": int(len(y_train)),
            "test_rows": int(len(y_test)),
            "features": int(x_train.shape[1]),
            "boosted_test_auc": round(auc, 6),
            "boosted_test_auc_early_stopping": round(auc_early, 6),
            "boosted_iterations_early_stopping": iterations_early,
            "logistic": logistic(x_train, y_train, x_test, c),
        }
    with open(OUT / "expected.json", "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

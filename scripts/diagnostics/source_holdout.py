"""Why grouped-by-source validation fails on the dev set: the same two learners, scikit-learn's, held out by
source and by item.

Reads the training rows `camo train` cached (its JSON-lines cache file, given as the argument), trains a
logistic probe on the MobileNetV2 embedding and gradient-boosted trees on the forensic features from the
shortcut-controlled training copies, and scores the re-encoded-alike rows (a) leaving out one source at a time
and (b) in 5 random folds of images. Prints the pooled AUCs and each held-out source's mean score.
Run: python3 scripts/diagnostics/source_holdout.py .camo-train-cache.jsonl
"""
import collections
import json
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

rows = [json.loads(line)["prediction"] for line in open(sys.argv[1])]
ids = sorted({r["id"] for r in rows})
source = {r["id"]: r["source"] for r in rows}
label = {r["id"]: r["isFake"] for r in rows}
forensic = sorted(k for k in rows[0]["scalars"] if k.startswith(("image.", "face.")))


def features(selected, kind):
    if kind == "embedding":
        return np.array([r["embeddings"]["mobilenet-probe"] for r in selected])
    return np.array([[r["scalars"].get(k, 0) for k in forensic] for r in selected])


def fit_and_score(train, test, kind):
    y = np.array([r["isFake"] for r in train])
    if kind == "embedding":
        scaler = StandardScaler().fit(features(train, kind))
        model = LogisticRegression(C=0.05, max_iter=2000, class_weight="balanced")
        model.fit(scaler.transform(features(train, kind)), y)
        return model.predict_proba(scaler.transform(features(test, kind)))[:, 1]
    model = HistGradientBoostingClassifier(max_leaf_nodes=8, learning_rate=0.05, max_iter=200, class_weight="balanced")
    return model.fit(features(train, kind), y).predict_proba(features(test, kind))[:, 1]


sources = sorted(set(source.values()))
rng = np.random.RandomState(0)
shuffled = list(ids)
rng.shuffle(shuffled)
schemes = {
    "leave one source out": [[i for i in ids if source[i] == s] for s in sources],
    "5 random folds of images": [shuffled[k::5] for k in range(5)],
}
for kind in ["embedding", "forensic"]:
    for scheme, folds in schemes.items():
        scores = {}
        for held in folds:
            held = set(held)
            train = [r for r in rows if r["variant"].startswith("train") and r["id"] not in held]
            test = [r for r in rows if r["variant"] == "reencode" and r["id"] in held]
            if len({r["isFake"] for r in train}) < 2 or not test:
                continue
            for row, p in zip(test, fit_and_score(train, test, kind)):
                scores[row["id"]] = p
        keys = sorted(scores)
        auc = roc_auc_score([label[i] for i in keys], [scores[i] for i in keys])
        print(f"{kind:9s}  {scheme:25s}  AUC {auc:.3f}  ({len(keys)} images)")
        if scheme.startswith("leave"):
            for s in sources:
                held = [scores[i] for i in keys if source[i] == s]
                labels = {label[i] for i in keys if source[i] == s}
                kind_of = "mixed" if len(labels) == 2 else ("fake" if labels == {True} else "real")
                print(f"    {s:34s} {kind_of:5s}  mean p_fake {np.mean(held):.2f}  n={len(held)}")

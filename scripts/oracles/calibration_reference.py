"""Expected score calibration and conformal thresholds, computed with scikit-learn, SciPy and numpy.

Writes Tests/Fixtures/calibration/expected.json (scores rounded to 6 decimals before fitting, so that
both sides use the very same numbers; JSON null where a threshold does not exist):
  isotonic          cases of seeded scores and labels (1 = fake) with IsotonicRegression(increasing=True,
                    out_of_bounds="clip") predictions at query points: an increasing relationship, a
                    decreasing one (the monotone fit comes out flat), heavy ties, all scores equal, and an
                    unbalanced set fitted with class-balanced sample weights (key "weights").
  platt_increasing  Platt scaling p(s) = 1 / (1 + exp(a*s + b)) on Platt's smoothed targets, constrained
                    to be non-decreasing in the score (a <= 0), fitted with L-BFGS-B from several starts:
                    a and b, and p at the query points. Where the constraint binds, a is exactly 0 and p is
                    the mean target.
  conformal         split conformal class-conditional thresholds, from their definitions: fake_above is the
                    ceil((1 - alpha)(n + 1))-th smallest of n real scores (call fake iff score > fake_above),
                    real_below the floor(beta (m + 1))-th smallest of m fake scores (call real iff
                    score < real_below); null when the rank falls outside 1...n (resp. 1...m).
  coverage_check    mean false-fake rate of fake_above over many seeded draws of calibration and test reals,
                    with the bounds alpha - 1/(n + 1) and alpha it must lie between.
Run from the repository root: python3 scripts/oracles/calibration_reference.py
"""
import json
import math
import pathlib

import numpy as np
from scipy.optimize import minimize
from sklearn.isotonic import IsotonicRegression

OUT = pathlib.Path("Tests/Fixtures/calibration")
DECIMALS = 6


def rounded(values):
    return [round(float(v), DECIMALS) for v in values]


def queries_for(scores):
    grid = np.linspace(-0.1, 1.1, 25)
    return rounded(grid) + [float(v) for v in scores[::7]]


def two_classes(rng, fakes, reals, fake_beta, real_beta):
    """Scores of `fakes` positives and `reals` negatives in shuffled order, labels 1 = fake."""
    labels = rng.permutation(np.array([1] * fakes + [0] * reals))
    scores = np.where(labels == 1, rng.beta(*fake_beta, size=len(labels)), rng.beta(*real_beta, size=len(labels)))
    return rounded(scores), [int(v) for v in labels]


# Isotonic regression ------------------------------------------------------------------------------------------

def isotonic_case(name, scores, labels, weights=None):
    queries = queries_for(scores)
    model = IsotonicRegression(increasing=True, out_of_bounds="clip").fit(scores, labels, sample_weight=weights)
    case = {
        "name": name,
        "scores": scores,
        "labels": labels,
        "queries": queries,
        "expected": [round(float(v), 12) for v in model.predict(queries)],
    }
    if weights is not None:
        case["weights"] = [float(w) for w in weights]
    return case


def class_balanced(labels):
    """Weights giving each class the same total: n / (2 n_class), as CAMO's calibration fits use."""
    labels = np.asarray(labels)
    n, fakes = len(labels), int(labels.sum())
    return np.where(labels == 1, n / (2 * fakes), n / (2 * (n - fakes)))


def isotonic_cases():
    rng = np.random.default_rng(31)
    increasing = two_classes(rng, 100, 100, (3, 2), (2, 3))
    decreasing = two_classes(rng, 100, 100, (2, 3), (3, 2))
    levels = np.array([0.1, 0.2, 0.35, 0.5, 0.7, 0.85])
    tied = np.concatenate([levels, rng.choice(levels, size=54)])  # every level appears at least once
    tied = rng.permutation(tied)
    tied_labels = (rng.random(60) < tied).astype(int)
    constant_labels = (rng.random(20) < 0.4).astype(int)
    assert 0 < constant_labels.sum() < 20, "the constant case needs both labels"
    cases = [
        isotonic_case("increasing", *increasing),
        isotonic_case("decreasing", *decreasing),
        isotonic_case("ties", rounded(tied), [int(v) for v in tied_labels]),
        isotonic_case("constant", [0.5] * 20, [int(v) for v in constant_labels]),
    ]
    assert len(set(cases[2]["scores"])) == 6
    # 30 fakes and 170 reals, weighted so that each class counts the same.
    scores, labels = two_classes(np.random.default_rng(59), 30, 170, (3, 2), (2, 3))
    cases.append(isotonic_case("balanced", scores, labels, class_balanced(labels)))
    return cases


# Platt scaling, non-decreasing -------------------------------------------------------------------------------

def platt_targets(labels):
    labels = np.asarray(labels)
    positives, negatives = int(labels.sum()), int(len(labels) - labels.sum())
    return np.where(labels == 1, (positives + 1) / (positives + 2), 1 / (negatives + 2))


def platt_loss(parameters, scores, targets):
    """Cross-entropy of p = 1 / (1 + exp(u)), u = a s + b, and its gradient; -log p = softplus(u)."""
    a, b = parameters
    u = a * scores + b
    softplus = np.logaddexp(0, u)
    loss = np.sum(softplus - (1 - targets) * u)
    residual = targets - 1 / (1 + np.exp(u))  # d loss / d u
    return loss, np.array([np.sum(residual * scores), np.sum(residual)])


def platt_fit(scores, targets, bounds):
    m = float(np.mean(targets))
    starts = [(0.0, 0.0), (-1.0, 0.5), (-5.0, 2.5), (-20.0, 10.0), (0.0, math.log((1 - m) / m)), (1.0, -0.5)]
    best = None
    for start in starts:
        result = minimize(platt_loss, np.array(start), args=(scores, targets), jac=True, method="L-BFGS-B",
                          bounds=bounds, options={"gtol": 1e-12, "ftol": 1e-15, "maxiter": 10000})
        if best is None or result.fun < best.fun:
            best = result
    return best


def platt_case(name, scores, labels, constraint_binds):
    x = np.array(scores)
    targets = platt_targets(labels)
    free = platt_fit(x, targets, [(None, None), (None, None)])
    fit = platt_fit(x, targets, [(None, 0), (None, None)])
    a, b = float(fit.x[0]), float(fit.x[1])
    if constraint_binds:
        assert free.x[0] > 0, f"{name}: the unconstrained slope should lie on the forbidden side"
        m = float(np.mean(targets))
        assert abs(a) < 1e-9, f"{name}: constrained slope {a} should be 0"
        b_exact = math.log((1 - m) / m)
        assert abs(b - b_exact) < 1e-6, f"{name}: optimiser b {b} against log((1-m)/m) {b_exact}"
        a, b = 0.0, b_exact
    else:
        assert free.x[0] < 0, f"{name}: the unconstrained slope should already be allowed"
        assert np.allclose(fit.x, free.x, atol=1e-6), f"{name}: constrained {fit.x} against free {free.x}"
        assert np.max(np.abs(fit.jac)) < 1e-6, f"{name}: gradient {fit.jac} at the optimum"
    queries = queries_for(scores)
    expected = 1 / (1 + np.exp(a * np.array(queries) + b))
    return {
        "name": name,
        "scores": scores,
        "labels": labels,
        "queries": queries,
        "a": a,
        "b": b,
        "expected": [round(float(v), 12) for v in expected],
    }


def platt_cases():
    rng = np.random.default_rng(47)
    return [
        platt_case("increasing", *two_classes(rng, 100, 100, (3, 2), (2, 3)), constraint_binds=False),
        platt_case("decreasing", *two_classes(rng, 80, 120, (2, 3), (3, 2)), constraint_binds=True),
        platt_case("unbalanced", *two_classes(rng, 30, 170, (3, 2), (2, 3)), constraint_binds=False),
    ]


# Split conformal thresholds ----------------------------------------------------------------------------------

def fake_above(real_scores, alpha):
    n = len(real_scores)
    j = math.ceil((1 - alpha) * (n + 1) - 1e-9)
    return None if j > n else float(np.sort(real_scores)[j - 1])


def real_below(fake_scores, beta):
    m = len(fake_scores)
    k = math.floor(beta * (m + 1) + 1e-9)
    return None if k < 1 else float(np.sort(fake_scores)[k - 1])


def conformal_case(name, real_scores, fake_scores, alpha, beta):
    return {
        "name": name,
        "real_scores": real_scores,
        "fake_scores": fake_scores,
        "alpha": alpha,
        "beta": beta,
        "fake_above": fake_above(real_scores, alpha),
        "real_below": real_below(fake_scores, beta),
    }


def conformal_cases():
    rng = np.random.default_rng(59)
    reals, fakes = rounded(rng.beta(2, 5, size=119)), rounded(rng.beta(5, 2, size=120))
    tiny_reals, tiny_fakes = rounded(rng.beta(2, 5, size=10)), rounded(rng.beta(5, 2, size=10))
    cases = [
        conformal_case("strict", reals, fakes, 0.01, 0.05),
        conformal_case("loose", reals, fakes, 0.1, 0.1),
        conformal_case("tiny", tiny_reals, tiny_fakes, 0.01, 0.05),
        conformal_case("flat", [0.5] * 50, [0.5] * 50, 0.05, 0.05),
    ]
    assert cases[2]["fake_above"] is None and cases[2]["real_below"] is None
    assert cases[3]["fake_above"] == 0.5 and cases[3]["real_below"] == 0.5
    return cases


def coverage_check(seeds=2000, n_real=100, n_test=2000, alpha=0.05):
    rates = []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        threshold = fake_above(rounded(rng.beta(2, 5, size=n_real)), alpha)
        test = np.array(rounded(rng.beta(2, 5, size=n_test)))
        rates.append(0.0 if threshold is None else float(np.mean(test > threshold)))
    mean = float(np.mean(rates))
    low, high = alpha - 1 / (n_real + 1), alpha
    assert low - 0.003 <= mean <= high + 0.003, f"mean false-fake rate {mean} outside [{low}, {high}]"
    return {
        "seeds": seeds,
        "n_real": n_real,
        "alpha": alpha,
        "mean_false_fake_rate": round(mean, 6),
        "bound_low": round(low, 12),
        "bound_high": high,
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {
        "isotonic": isotonic_cases(),
        "platt_increasing": platt_cases(),
        "conformal": conformal_cases(),
        "coverage_check": coverage_check(),
    }
    with open(OUT / "expected.json", "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True, allow_nan=False)
        f.write("\n")
    for case in expected["platt_increasing"]:
        print(f"platt {case['name']}: a = {case['a']!r}, b = {case['b']!r}")
    for case in expected["conformal"]:
        print(f"conformal {case['name']}: fake_above = {case['fake_above']}, real_below = {case['real_below']}")
    check = expected["coverage_check"]
    print(f"coverage: mean false-fake rate {check['mean_false_fake_rate']} "
          f"in [{check['bound_low']:.6f}, {check['bound_high']}]")


if __name__ == "__main__":
    main()

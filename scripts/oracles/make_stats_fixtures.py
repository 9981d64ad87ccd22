#!/usr/bin/python3
"""Reference values for src/stats, computed once with SciPy and stored as test/fixtures/stats/reference.json.

Run: /usr/bin/python3 scripts/oracles/make_stats_fixtures.py
Each case is a pair of samples (a, b) with SciPy's results:
  - mean, sd (ddof=1), se (scipy.stats.sem), min, max of each sample
  - Welch's t-test: scipy.stats.ttest_ind(a, b, equal_var=False) -> t, p (two-sided)
  - Mann-Whitney U: scipy.stats.mannwhitneyu(a, b) (method="auto", two-sided, continuity
    correction) -> U of a, p; and with method="asymptotic" for every case
  - Cohen's d with the pooled sd (SciPy has no function for it; computed with numpy, ddof=1)
Samples come from a fixed numpy generator, so rerunning gives the same file.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261128)


def cohens_d(a, b):
    na, nb = len(a), len(b)
    pooled = ((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / (na + nb - 2)
    return float((np.mean(a) - np.mean(b)) / np.sqrt(pooled))


def summary(x):
    x = np.asarray(x, dtype=float)
    return {
        "mean": float(np.mean(x)),
        "sd": float(np.std(x, ddof=1)),
        "se": float(stats.sem(x)),
        "min": float(np.min(x)),
        "max": float(np.max(x)),
    }


def case(name, a, b):
    a = [float(v) for v in a]
    b = [float(v) for v in b]
    t = stats.ttest_ind(a, b, equal_var=False)
    auto = stats.mannwhitneyu(a, b, alternative="two-sided", method="auto")
    asym = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic")
    has_ties = len(set(a + b)) < len(a) + len(b)
    method = "asymptotic" if (len(a) > 8 and len(b) > 8) or has_ties else "exact"
    return {
        "name": name,
        "a": a,
        "b": b,
        "summaryA": summary(a),
        "summaryB": summary(b),
        "welch": {"t": float(t.statistic), "p": float(t.pvalue)},
        "mannWhitney": {"u": float(auto.statistic), "p": float(auto.pvalue), "method": method},
        "mannWhitneyAsymptotic": {"u": float(asym.statistic), "p": float(asym.pvalue)},
        "cohenD": cohens_d(a, b),
    }


cases = [
    case("equal sizes, equal variances", rng.normal(0.0, 1.0, 20), rng.normal(0.5, 1.0, 20)),
    case("unequal sizes and variances", rng.normal(10.0, 0.5, 12), rng.normal(10.4, 2.0, 31)),
    case("tiny samples (exact U)", [1.2, 3.4, 2.2], [4.1, 5.0, 3.9, 6.2]),
    case("tiny samples with ties (asymptotic U)", [1, 2, 2, 3], [2, 3, 3, 4, 5]),
    case("small vs larger sample (exact U, n1 <= 8)", rng.normal(0.0, 1.0, 6), rng.normal(1.0, 1.5, 25)),
    case("integer scores with many ties", rng.integers(0, 5, 30), rng.integers(1, 6, 25)),
    case("large samples, small effect", rng.normal(0.0, 1.0, 200), rng.normal(0.1, 1.2, 150)),
    case("far apart (tiny p-values)", rng.normal(0.0, 0.1, 22), rng.normal(1.0, 0.1, 22)),
    case("overlapping, p near 1", [0.1, 0.5, 0.9, 1.3, 1.7], [0.3, 0.7, 1.1, 1.5]),
    case(
        "Kneusel-like MCC samples (22 each)",
        rng.normal(0.85778, 0.00056 * np.sqrt(22), 22),
        rng.normal(0.86413, 0.00075 * np.sqrt(22), 22),
    ),
    case("large offset, small spread", 1e3 + rng.normal(0.0, 1e-2, 15), 1e3 + rng.normal(5e-3, 1e-2, 10)),
]

out = {
    "generator": "scripts/oracles/make_stats_fixtures.py",
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "cases": cases,
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "stats", "reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {os.path.normpath(path)}: {len(cases)} cases (SciPy {scipy.__version__})")

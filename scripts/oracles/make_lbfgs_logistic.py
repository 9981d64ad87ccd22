#!/usr/bin/python3
"""scikit-learn's L-BFGS logistic regression on the bundled breast-cancer table, standardized as
descent standardizes it (mean and population standard deviation of every column), stored as
test/fixtures/train/sklearn-lbfgs-logistic.json for test/train/lbfgs-run.test.ts.

Run from the repository root: /usr/bin/python3 scripts/oracles/make_lbfgs_logistic.py
All 569 rows are fitted (no split). scikit-learn minimises (1/2)·‖w‖² + C·Σ log-loss, i.e.
mean log-loss + (l2/2)·‖w‖² with l2 = 1/(C·n), the intercept unpenalized: descent's
`lbfgs:l2=…` objective. The rows are separable, so an unpenalized fit has no finite optimum;
C = 1 (scikit-learn's default) and C = 100 are stored.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(root, "data", "breast_cancer.csv")) as f:
    header = f.readline().strip().split(",")
    rows = np.array([[float(v) for v in line.strip().split(",")] for line in f if line.strip()])
x, y = rows[:, :-1], rows[:, -1]
n = len(y)
xs = (x - x.mean(axis=0)) / x.std(axis=0)
fits = []
for c in [1.0, 100.0]:
    m = LogisticRegression(C=c, solver="lbfgs", tol=1e-10, max_iter=10000).fit(xs, y)
    z = xs @ m.coef_[0] + m.intercept_[0]
    # log(1 + e^z) − y·z, computed stably.
    loss = float(np.mean(np.logaddexp(0, z) - y * z))
    l2 = 1.0 / (c * n)
    fits.append({
        "C": c,
        "l2": l2,
        "coef": [float(v) for v in m.coef_[0]],
        "intercept": float(m.intercept_[0]),
        "meanLogLoss": loss,
        "objective": loss + 0.5 * l2 * float(np.sum(m.coef_[0] ** 2)),
        "iterations": int(m.n_iter_[0]),
    })
out = {
    "sklearn": sklearn.__version__,
    "data": "breast-cancer (all rows, standardized with the population sd)",
    "classes": header[2:],
    "rows": n,
    "fits": fits,
}
os.makedirs(os.path.join(root, "test", "fixtures", "train"), exist_ok=True)
with open(os.path.join(root, "test", "fixtures", "train", "sklearn-lbfgs-logistic.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(json.dumps({k: v for k, v in out.items() if k != "fits"}), [(f["C"], f["meanLogLoss"], f["iterations"]) for f in fits])

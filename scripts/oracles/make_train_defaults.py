#!/usr/bin/python3
"""scikit-learn's scores on the exact rows `descent train` splits off (seed 1, 20 % test), stored as
test/fixtures/train/sklearn-defaults.json for test/cli/train-defaults.test.ts.

Run from the repository root: /usr/bin/python3 scripts/oracles/make_train_defaults.py
It asks descent for its split (scripts/oracles/dump_splits.ts through tsx), then fits what a
scikit-learn user writes for a small table, with default settings:
  - regression: make_pipeline(StandardScaler(), LinearRegression())  -> test R^2
  - classes:    make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)) (L2, C=1, lbfgs)
                -> test accuracy, and ROC AUC for two classes
A fingerprint of each test set (rows and the sum of targets) lets the test check that descent
still splits the same rows.
"""
import json
import os
import subprocess

import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
dump = subprocess.run(["node", "--import", "tsx", "scripts/oracles/dump_splits.ts"], cwd=root, check=True, capture_output=True, text=True).stdout
splits = json.loads(dump)
out = {"sklearn": sklearn.__version__, "datasets": {}}
for name, s in splits.items():
    xtr, ytr = np.array(s["train"]["x"]), np.array(s["train"]["y"])
    xte, yte = np.array(s["test"]["x"]), np.array(s["test"]["y"])
    entry = {"testRows": len(yte), "testTargetSum": float(yte.sum())}
    if s["task"] == "regression":
        m = make_pipeline(StandardScaler(), LinearRegression()).fit(xtr, ytr)
        entry["model"] = "StandardScaler + LinearRegression"
        entry["r2"] = float(r2_score(yte, m.predict(xte)))
    else:
        m = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(xtr, ytr)
        entry["model"] = "StandardScaler + LogisticRegression(C=1)"
        entry["accuracy"] = float(accuracy_score(yte, m.predict(xte)))
        if len(np.unique(ytr)) == 2:
            entry["rocAuc"] = float(roc_auc_score(yte, m.predict_proba(xte)[:, 1]))
    out["datasets"][name] = entry
path = os.path.join(root, "test", "fixtures", "train", "sklearn-defaults.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
print(json.dumps(out, indent=2))

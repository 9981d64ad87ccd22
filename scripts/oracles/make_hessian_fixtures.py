#!/usr/bin/python3
"""PyTorch oracles for second-order autodiff: torch.autograd.functional.hessian and hvp.

Writes test/fixtures/autodiff/hessians.json, so `npm test` needs no Python. Run with Debian's
python3-torch:
    /usr/bin/python3 scripts/oracles/make_hessian_fixtures.py
"""
import json, math, os
import torch
from torch.autograd.functional import hessian, hvp

torch.set_default_dtype(torch.float64)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "test", "fixtures", "autodiff", "hessians.json")

# The named functions, written as their formulas in src/expr/functions.ts.
NAMED = {
    "article-1d": lambda p: 6 * p[0] ** 2 - 12 * p[0] + 3,
    "article-2d": lambda p: 6 * p[0] ** 2 + 9 * p[1] ** 2 - 12 * p[0] - 14 * p[1] + 3,
    "rosenbrock": lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2,
    "himmelblau": lambda p: (p[0] ** 2 + p[1] - 11) ** 2 + (p[0] + p[1] ** 2 - 7) ** 2,
    "beale": lambda p: (1.5 - p[0] + p[0] * p[1]) ** 2 + (2.25 - p[0] + p[0] * p[1] ** 2) ** 2 + (2.625 - p[0] + p[0] * p[1] ** 3) ** 2,
    "booth": lambda p: (p[0] + 2 * p[1] - 7) ** 2 + (2 * p[0] + p[1] - 5) ** 2,
    "two-minima": lambda p: -2 * torch.exp(-0.5 * ((p[0] + 1) ** 2 + (p[1] - 1) ** 2)) - torch.exp(-0.5 * ((p[0] - 1) ** 2 + (p[1] + 1) ** 2)),
    "rastrigin": lambda p: 20 + p[0] ** 2 - 10 * torch.cos(2 * math.pi * p[0]) + p[1] ** 2 - 10 * torch.cos(2 * math.pi * p[1]),
    "ackley": lambda p: -20 * torch.exp(-0.2 * torch.sqrt(0.5 * (p[0] ** 2 + p[1] ** 2))) - torch.exp(0.5 * (torch.cos(2 * math.pi * p[0]) + torch.cos(2 * math.pi * p[1]))) + math.e + 20,
    "saddle": lambda p: p[0] ** 2 - p[1] ** 2,
}
POINTS = {
    "article-1d": [[-0.9], [1.0]],
    "article-2d": [[-0.5, 2.0]],
    "rosenbrock": [[-1.5, 2.0], [1.0, 1.0], [0.3, -0.4]],
    "himmelblau": [[0.5, -1.25], [3.0, 2.0]],
    "beale": [[1.0, 1.5], [-0.7, 0.3]],
    "booth": [[2.0, -3.0]],
    "two-minima": [[-0.4, 0.9], [1.2, -0.3]],
    "rastrigin": [[0.3, -1.1]],
    "ackley": [[0.6, -0.8]],
    "saddle": [[0.1, 0.1]],
}

gen = torch.Generator().manual_seed(18)
def rand(*shape):
    return (torch.rand(*shape, generator=gen) * 2 - 1)

named = []
for name, f in NAMED.items():
    for pt in POINTS[name]:
        x = torch.tensor(pt)
        v = rand(len(pt))
        H = hessian(lambda t: f(t), x)
        _, Hv = hvp(lambda t: f(t), x, v)
        named.append({"name": name, "point": pt, "v": v.tolist(), "hessian": H.tolist(), "hvp": Hv.tolist()})

# A small network's loss over a parameter record: mean((tanh(X W1 + b1) W2 + b2 - y)^2).
X = rand(5, 3); y = rand(5, 1)
params = {"w1": rand(3, 4), "b1": rand(4), "w2": rand(4, 1), "b2": rand(1)}
names = list(params)
def mlp_loss(*ps):
    w1, b1, w2, b2 = ps
    return ((torch.tanh(X @ w1 + b1) @ w2 + b2 - y) ** 2).mean()
vs = {k: rand(*t.shape) for k, t in params.items()}
_, mlp_hvp = hvp(mlp_loss, tuple(params[k] for k in names), tuple(vs[k] for k in names))
mlp_h = hessian(lambda w1: mlp_loss(w1, params["b1"], params["w2"], params["b2"]), params["w1"])

# Softmax cross-entropy of a linear model, written with logsumexp and a gather of the labels.
Z = rand(6, 3); labels = [0, 2, 1, 1, 0, 2]
W = rand(3, 3)
def ce(w):
    logits = Z @ w
    return (torch.logsumexp(logits, dim=1) - logits[torch.arange(6), labels]).mean() + 0.1 * (torch.sigmoid(w) ** 2).sum()
ce_h = hessian(ce, W)

fixture = {
    "note": "made by scripts/oracles/make_hessian_fixtures.py with torch " + torch.__version__,
    "named": named,
    "mlp": {
        "X": X.tolist(), "y": y.tolist(),
        "params": {k: params[k].tolist() for k in names},
        "v": {k: vs[k].tolist() for k in names},
        "hvp": {k: mlp_hvp[i].tolist() for i, k in enumerate(names)},
        "hessianW1": mlp_h.reshape(12, 12).tolist(),
    },
    "crossEntropy": {"Z": Z.tolist(), "labels": labels, "W": W.tolist(), "hessian": ce_h.reshape(9, 9).tolist()},
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as fh:
    json.dump(fixture, fh)
print("wrote", OUT, len(named), "named cases")

#!/usr/bin/python3
"""PyTorch oracle for Adam on float32 parameters, which torch.optim updates in float32 arithmetic.

Writes test/fixtures/optim/float32-adam.json, so `npm test` needs no Python. Run with Debian's
python3-torch:
    /usr/bin/python3 scripts/oracles/make_float32_adam.py
Parameters and gradients come from an integer hash scaled by powers of two, so the TypeScript test
rebuilds exactly the same float32 inputs without storing them (see test/optim/float32-adam.test.ts).
"""
import json, os
import numpy as np
import torch

torch.set_num_threads(1)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "test", "fixtures", "optim", "float32-adam.json")


def hashed(n, salt):
    """((i·2654435761 + salt·40503) mod 2³²)/2³² − ½, times 2^((i mod 9) − 4), rounded to float32."""
    i = np.arange(n, dtype=np.uint64)
    h = (i * np.uint64(2654435761) + np.uint64(salt) * np.uint64(40503)) % np.uint64(2**32)
    x = h.astype(np.float64) / 2.0**32 - 0.5
    return (x * np.exp2((i % np.uint64(9)).astype(np.float64) - 4)).astype(np.float32)


# (name, our optimizer name, its options, torch constructor, size, steps)
CASES = [
    ("adam defaults, native-sized", "adam", {}, lambda p: torch.optim.Adam([p]), 2500, 30),
    ("adam lr 0.05 betas 0.8/0.95 eps 1e-6 maximize, native-sized", "adam",
     {"lr": 0.05, "beta1": 0.8, "beta2": 0.95, "eps": 1e-6, "maximize": True},
     lambda p: torch.optim.Adam([p], lr=0.05, betas=(0.8, 0.95), eps=1e-6, maximize=True), 2500, 30),
    ("adam lr 0.01, below the native threshold (the JS loop)", "adam", {"lr": 0.01}, lambda p: torch.optim.Adam([p], lr=0.01), 31, 30),
    ("adam amsgrad weight_decay 0.01", "adam", {"lr": 0.02, "amsgrad": True, "weight_decay": 0.01},
     lambda p: torch.optim.Adam([p], lr=0.02, amsgrad=True, weight_decay=0.01), 300, 30),
    ("adamw weight_decay 0.1", "adamw", {"lr": 0.02, "weight_decay": 0.1},
     lambda p: torch.optim.AdamW([p], lr=0.02, weight_decay=0.1), 300, 30),
]

cases = []
for name, ours, options, make, n, steps in CASES:
    p = torch.tensor(hashed(n, 0) * 8, requires_grad=True)
    opt = make(p)
    for t in range(1, steps + 1):
        p.grad = torch.tensor(hashed(n, t))
        opt.step()
    assert p.dtype == torch.float32
    cases.append({"name": name, "optimizer": ours, "options": options, "size": n, "steps": steps,
                  "params": [float(x) for x in p.detach().numpy()]})

with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
print(f"wrote {OUT}: {len(cases)} cases")

#!/usr/bin/python3
"""PyTorch oracles for src/optim: lr_scheduler values and L-BFGS (strong Wolfe) iterates.

Writes test/fixtures/optim/schedule-values.json and test/fixtures/optim/lbfgs-trajectories.json,
so `npm test` needs no Python. Run with Debian's python3-torch:
    /usr/bin/python3 scripts/oracles/make_schedule_values.py
"""
import json, os
import torch
from torch.optim import lr_scheduler as S

torch.set_default_dtype(torch.float64)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "test", "fixtures", "optim")
BASE_LR = 0.1

# (our name, our options, torch constructor, steps)
SCHEDULES = [
    ("constant", {"factor": 0.5, "total_iters": 4}, lambda o: S.ConstantLR(o, factor=0.5, total_iters=4), 12),
    ("step", {"step_size": 7, "gamma": 0.5}, lambda o: S.StepLR(o, step_size=7, gamma=0.5), 40),
    ("multistep", {"milestones": [5, 12, 20], "gamma": 0.3}, lambda o: S.MultiStepLR(o, milestones=[5, 12, 20], gamma=0.3), 30),
    ("exponential", {"gamma": 0.95}, lambda o: S.ExponentialLR(o, gamma=0.95), 60),
    ("cosine", {"t_max": 20, "eta_min": 0.001}, lambda o: S.CosineAnnealingLR(o, T_max=20, eta_min=0.001), 70),
    ("cosine", {"t_max": 7}, lambda o: S.CosineAnnealingLR(o, T_max=7), 30),
    ("cosine_restarts", {"t_0": 5, "t_mult": 2, "eta_min": 0.01}, lambda o: S.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=0.01), 80),
    ("cosine_restarts", {"t_0": 6}, lambda o: S.CosineAnnealingWarmRestarts(o, T_0=6), 30),
    ("warmup", {"start_factor": 0.1, "total_iters": 10}, lambda o: S.LinearLR(o, start_factor=0.1, total_iters=10), 20),
    ("warmup", {}, lambda o: S.LinearLR(o), 10),
    ("polynomial", {"total_iters": 10, "power": 2}, lambda o: S.PolynomialLR(o, total_iters=10, power=2.0), 15),
    ("polynomial", {}, lambda o: S.PolynomialLR(o), 8),
    ("onecycle", {"max_lr": 0.5, "total_steps": 50}, lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=50, cycle_momentum=False), 50),
    ("onecycle", {"max_lr": 0.4, "total_steps": 40, "anneal_strategy": "linear", "three_phase": True, "pct_start": 0.25},
     lambda o: S.OneCycleLR(o, max_lr=0.4, total_steps=40, anneal_strategy="linear", three_phase=True, pct_start=0.25, cycle_momentum=False), 40),
]

def step_values(make, steps):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=BASE_LR)
    sched = make(opt)
    values = [opt.param_groups[0]["lr"]]
    for _ in range(steps - 1):
        opt.step()
        sched.step()
        values.append(opt.param_groups[0]["lr"])
    return values

METRICS = [1.0, 0.9, 0.95, 0.91, 0.9, 0.92, 0.93, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.4, 0.41, 0.42, 0.43, 0.44, 0.45, 0.46]
PLATEAUS = [
    ({"factor": 0.5, "patience": 2, "cooldown": 1, "threshold": 0.01}, dict(factor=0.5, patience=2, cooldown=1, threshold=0.01)),
    ({"mode": "max", "threshold_mode": "abs", "patience": 1, "min_lr": 0.02, "factor": 0.3}, dict(mode="max", threshold_mode="abs", patience=1, min_lr=0.02, factor=0.3)),
    ({}, {}),
]

def plateau_values(kw):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=BASE_LR)
    sched = S.ReduceLROnPlateau(opt, **kw)
    values = []
    for m in METRICS * 2:
        sched.step(m)
        values.append(opt.param_groups[0]["lr"])
    return values

FUNCS = {
    "article-2d": (lambda x, y: 6 * x**2 + 9 * y**2 - 12 * x - 14 * y + 3, [-0.5, 2.0]),
    "rosenbrock": (lambda x, y: (1 - x)**2 + 100 * (y - x**2)**2, [-1.5, 2.0]),
    "himmelblau": (lambda x, y: (x**2 + y - 11)**2 + (x + y**2 - 7)**2, [0.0, 0.0]),
}

def lbfgs_iterates(f, start, iters, history_size, line_search):
    """x after each L-BFGS iteration: step() with max_iter=1 repeatedly is the same iteration sequence."""
    x = torch.tensor(start, requires_grad=True)
    opt = torch.optim.LBFGS([x], lr=1, max_iter=1, history_size=history_size, line_search_fn=line_search,
                            tolerance_grad=1e-7, tolerance_change=1e-9)
    def closure():
        opt.zero_grad()
        y = f(x[0], x[1])
        y.backward()
        return y
    traj = [x.detach().tolist()]
    for _ in range(iters):
        opt.step(closure)
        traj.append(x.detach().tolist())
    return traj

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    sched = {"source": "PyTorch %s torch.optim.lr_scheduler, base lr %g; values[k] = lr after k scheduler.step() calls" % (torch.__version__, BASE_LR),
             "base_lr": BASE_LR,
             "schedules": [{"name": n, "options": o, "values": step_values(m, k)} for n, o, m, k in SCHEDULES],
             "plateau_metrics": METRICS * 2,
             "plateau": [{"options": o, "values": plateau_values(kw)} for o, kw in PLATEAUS]}
    json.dump(sched, open(os.path.join(OUT, "schedule-values.json"), "w"), indent=1)
    cases = []
    for name, (f, start) in FUNCS.items():
        for hist, ls, iters in [(100, "strong_wolfe", 40), (3, "strong_wolfe", 40), (100, None, 15)]:
            cases.append({"function": name, "start": start, "history_size": hist, "line_search": ls or "none",
                          "trajectory": lbfgs_iterates(f, start, iters, hist, ls)})
    json.dump({"source": "PyTorch %s torch.optim.LBFGS(lr=1, tolerance_grad=1e-7, tolerance_change=1e-9), float64; trajectory[k] = x after k iterations (step() with max_iter=1 repeated)" % torch.__version__,
               "cases": cases}, open(os.path.join(OUT, "lbfgs-trajectories.json"), "w"))
    print("wrote", OUT)

#!/usr/bin/python3
"""Reference trajectories for lion, sgd-schedulefree, adamw-schedulefree, muon and prodigy.

Writes test/fixtures/optim/modern-optimizers.json, so `npm test` needs no Python. Run with Debian's
python3-torch (1.13, which predates torch.optim.Muon):
    /usr/bin/python3 scripts/oracles/make_modern_optimizers.py

Each optimizer below is a port of its reference implementation, rewritten as a plain function of
lists of float64 tensors with the reference's operations in the reference's order:

  lion      google/automl  lion/lion_pytorch.py                                @ 87461ee96d8bbfcaf1edd4fbd8659d31d3760a50
  sgd-sf    facebookresearch/schedule_free  schedulefree/sgd_schedulefree_reference.py   @ 59ed9b662d5ec5799aded7390b2482758423653c
  adamw-sf  facebookresearch/schedule_free  schedulefree/adamw_schedulefree_reference.py @ 1fb6be511a11a7901ee033fe63b5de7bb5ce1f68
  muon      pytorch/pytorch  torch/optim/_muon.py                              @ 098e03f91de9384cc3afdf5c8b9a6bbc442bd66a
  prodigy   konstmish/prodigy  prodigyopt/prodigy.py                           @ 009a7156779ae213c0bc13b4c2fe5a93fca00c15

Differences from the references, all deliberate: Muon's Newton–Schulz runs in float64 here (the
reference casts to bfloat16, which no float64 oracle can reproduce); Muon's non-matrix parameters
take torch.optim.AdamW (PyTorch's documentation tells users to pair Muon with AdamW for them);
Prodigy's slice_p and FSDP paths are left out (slice_p = 1, one process).
Gradients of the named functions are written by hand in the order test/optim/functions.ts uses;
the MLP's come from autograd.
"""
import json, math, os
import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "test", "fixtures", "optim", "modern-optimizers.json")


# ---------------------------------------------------------------- the ports
def lion_step(ps, gs, st, lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0):
    for i, (p, g) in enumerate(zip(ps, gs)):
        p.mul_(1 - lr * weight_decay)
        m = st.setdefault(("m", i), torch.zeros_like(p))
        c = m * beta1 + g * (1 - beta1)
        p.add_(c.sign_(), alpha=-lr)
        m.mul_(beta2).add_(g, alpha=1 - beta2)


def _sf_weights(st, lr, r, weight_lr_power):
    k = st.get("k", 0)
    lr_max = st["lr_max"] = max(lr, st.get("lr_max", -1.0))
    weight = ((k + 1) ** r) * (lr_max ** weight_lr_power)
    weight_sum = st["weight_sum"] = st.get("weight_sum", 0.0) + weight
    try:
        return weight / weight_sum
    except ZeroDivisionError:
        return 0


def _sf_points(p, i, st):
    if ("z", i) not in st:
        st[("z", i)], st[("x", i)], st[("y", i)] = p.clone(), p.clone(), p.clone()
    return st[("z", i)], st[("x", i)], st[("y", i)]


def sgd_sf_step(ps, gs, st, lr=1.0, momentum=0.9, weight_decay=0.0, warmup_steps=0, r=0.0, weight_lr_power=2.0):
    k = st.get("k", 0)
    lr = lr * ((k + 1) / warmup_steps if k < warmup_steps else 1.0)
    ckp1 = _sf_weights(st, lr, r, weight_lr_power)
    for i, (p, g) in enumerate(zip(ps, gs)):
        z, x, y = _sf_points(p, i, st)
        g = g.clone()
        if weight_decay != 0:
            g.add_(y, alpha=weight_decay)
        z.sub_(g, alpha=lr)
        x.mul_(1 - ckp1).add_(z, alpha=ckp1)
        y.copy_(x.mul(momentum).add_(z, alpha=1 - momentum))
        p.copy_(y)
    st["k"] = k + 1


def adamw_sf_step(ps, gs, st, lr=0.0025, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, warmup_steps=0, r=0.0,
                  weight_lr_power=2.0, decay_at_z=False):
    k = st.get("k", 0)
    sched = (k + 1) / warmup_steps if k < warmup_steps else 1.0
    lr = lr * sched * math.sqrt(1 - beta2 ** (k + 1))
    ckp1 = _sf_weights(st, lr, r, weight_lr_power)
    for i, (p, g) in enumerate(zip(ps, gs)):
        z, x, y = _sf_points(p, i, st)
        v = st.setdefault(("v", i), torch.zeros_like(p))
        if weight_decay != 0:
            z.sub_(z if decay_at_z else y, alpha=lr * weight_decay)
        v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
        z.addcdiv_(g, v.sqrt().add_(eps), value=-lr)
        x.mul_(1 - ckp1).add_(z, alpha=ckp1)
        y.copy_(x.mul(beta1).add_(z, alpha=1 - beta1))
        p.copy_(y)
    st["k"] = k + 1


def sf_eval_points(ps, st):
    return [st[("x", i)].clone() for i in range(len(ps))]


def newton_schulz(u, coefficients, steps, eps):
    a, b, c = coefficients
    x = u.clone()
    tall = u.size(0) > u.size(1)
    if tall:
        x = x.T
    x = x / x.norm().clamp(min=eps)
    for _ in range(steps):
        gram = x @ x.T
        gram_update = b * gram + c * gram @ gram
        x = a * x + gram_update @ x
    return x.T if tall else x


def muon_step(ps, gs, st, matrices, lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True,
              ns_coefficients=(3.4445, -4.775, 2.0315), eps=1e-7, ns_steps=5, adjust_lr_fn="original",
              adamw_lr=1e-3, adamw_beta1=0.9, adamw_beta2=0.999, adamw_eps=1e-8, adamw_weight_decay=0.01, output_adamw=False):
    """`ps` in torch's layout ([out, in] weights); `matrices[i]` says whether Muon or AdamW updates ps[i]."""
    others = [p for p, m in zip(ps, matrices) if not m]
    if others and "adamw" not in st:
        st["adamw"] = torch.optim.AdamW(others, lr=adamw_lr, betas=(adamw_beta1, adamw_beta2), eps=adamw_eps, weight_decay=adamw_weight_decay)
    for p, g, m in zip(ps, gs, matrices):
        if not m:
            p.grad = g.clone()
    if others:
        st["adamw"].step()
    for i, (p, g, m) in enumerate(zip(ps, gs, matrices)):
        if not m:
            continue
        buf = st.setdefault(("buf", i), torch.zeros_like(g))
        buf.lerp_(g, 1 - momentum)
        update = g.lerp(buf, momentum) if nesterov else buf
        update = newton_schulz(update, ns_coefficients, ns_steps, eps)
        A, B = p.shape[:2]
        ratio = math.sqrt(max(1, A / B)) if adjust_lr_fn == "original" else 0.2 * math.sqrt(max(A, B))
        p.mul_(1 - lr * weight_decay)
        p.add_(update, alpha=-lr * ratio)


def prodigy_step(ps, gs, st, lr=1.0, beta1=0.9, beta2=0.999, beta3=None, eps=1e-8, weight_decay=0.0, decouple=True,
                 use_bias_correction=False, safeguard_warmup=False, d0=1e-6, d_coef=1.0, growth_rate=float("inf")):
    if beta3 is None or beta3 == -1:
        beta3 = math.sqrt(beta2)
    k = st.get("k", 0)
    d = st.get("d", d0)
    d_max = st.get("d_max", d0)
    bias_correction = ((1 - beta2 ** (k + 1)) ** 0.5) / (1 - beta1 ** (k + 1)) if use_bias_correction else 1
    dlr = d * lr * bias_correction
    d_numerator = st.get("d_numerator", 0.0) * beta3
    d_denom = 0.0
    for i, (p, g) in enumerate(zip(ps, gs)):
        g = g.clone()
        if weight_decay != 0 and not decouple:
            g.add_(p, alpha=weight_decay)
        if ("s", i) not in st:
            st[("s", i)], st[("p0", i)] = torch.zeros_like(p).flatten(), p.flatten().clone()
            st[("m", i)], st[("v", i)] = torch.zeros_like(p), torch.zeros_like(p)
        s, p0, m, v = st[("s", i)], st[("p0", i)], st[("m", i)], st[("v", i)]
        d_numerator += (d / d0) * dlr * torch.dot(g.flatten(), p0 - p.flatten()).item()
        m.mul_(beta1).add_(g, alpha=d * (1 - beta1))
        v.mul_(beta2).addcmul_(g, g, value=d * d * (1 - beta2))
        s.mul_(beta3).add_(g.flatten(), alpha=(d / d0) * (d if safeguard_warmup else dlr))
        d_denom += s.abs().sum().item()
    if d_denom == 0:
        return
    d_hat = d_coef * d_numerator / d_denom
    if d == d0:
        d = max(d, d_hat)
    d_max = max(d_max, d_hat)
    d = min(d_max, d * growth_rate)
    st.update(d=d, d_max=d_max, d_numerator=d_numerator)
    for i, p in enumerate(ps):
        denom = st[("v", i)].sqrt().add_(d * eps)
        if weight_decay != 0 and decouple:
            p.add_(p, alpha=-weight_decay * dlr)
        p.addcdiv_(st[("m", i)], denom, value=-dlr)
    st["k"] = k + 1


STEPS = {"lion": lion_step, "sgd-schedulefree": sgd_sf_step, "adamw-schedulefree": adamw_sf_step, "prodigy": prodigy_step}


# ---------------------------------------------------------------- objectives
def grad_of(name, x):
    if name == "article-2d":
        return torch.tensor([12 * x[0] - 12, 18 * x[1] - 14])
    if name == "rosenbrock":
        r = x[1] - x[0] * x[0]
        return torch.tensor([-2 * (1 - x[0]) - 400 * x[0] * r, 200 * r])
    if name == "himmelblau":
        a = x[0] * x[0] + x[1] - 11
        b = x[0] + x[1] * x[1] - 7
        return torch.tensor([4 * x[0] * a + 2 * b, 2 * a + 4 * x[1] * b])
    if name == "quadratic3":
        return torch.tensor([1 * (x[0] - 1), 10 * (x[1] - 1), 0.1 * (x[2] - 1)])
    raise KeyError(name)


def run_function(fn, start, name, options, steps):
    p = torch.tensor(start)
    st = {}
    traj, evals = [start], [start]
    for _ in range(steps):
        g = grad_of(fn, p.tolist())
        if name == "muon":
            # The point as a [1, n] matrix (descent's dense layout [n, 1]).
            q = p.reshape(1, -1)
            muon_step([q], [g.reshape(1, -1)], st, [True], **options)
            p = q.reshape(-1)
        else:
            STEPS[name]([p], [g], st, **options)
        traj.append(p.tolist())
        if "schedulefree" in name:
            evals.append(sf_eval_points([p], st)[0].tolist())
    case = {"kind": "function", "function": fn, "start": start, "optimizer": {"name": name, "options": options}, "steps": steps, "trajectory": traj}
    if "schedulefree" in name:
        case["eval_trajectory"] = evals
    return case


# A 3-4-2 tanh MLP with a squared-error loss on 8 fixed rows; weights in torch's [out, in] layout.
def mlp_problem():
    n, d, h, o = 8, 3, 4, 2
    x = torch.tensor([[math.sin(1.3 * i + 0.7 * j) for j in range(d)] for i in range(n)])
    y = torch.tensor([[math.cos(0.9 * i - 1.1 * j) for j in range(o)] for i in range(n)])
    params = {
        "dense0.weight": torch.tensor([[0.5 * math.sin(2.1 * a + 0.3 * b + 0.4) for b in range(d)] for a in range(h)]),
        "dense0.bias": torch.tensor([0.1 * math.cos(a) for a in range(h)]),
        "dense1.weight": torch.tensor([[0.5 * math.cos(1.7 * a - 0.6 * b) for b in range(h)] for a in range(o)]),
        "dense1.bias": torch.tensor([0.05 * (a + 1) for a in range(o)]),
    }
    return x, y, params


def mlp_loss(p, x, y):
    hidden = torch.tanh(x @ p["dense0.weight"].T + p["dense0.bias"])
    out = hidden @ p["dense1.weight"].T + p["dense1.bias"]
    return ((out - y) ** 2).mean()


def descent_layout(name, t):
    """descent stores a dense weight [in, out]: the transpose of torch's."""
    return (t.T if name.endswith("weight") else t).flatten().tolist()


def run_mlp(name, options, steps):
    x, y, params = mlp_problem()
    names = list(params)
    start = {k: descent_layout(k, v) for k, v in params.items()}
    st = {}
    traj, evals = [start], [start]
    for _ in range(steps):
        leaves = {k: v.clone().requires_grad_(True) for k, v in params.items()}
        mlp_loss(leaves, x, y).backward()
        grads = [leaves[k].grad.detach() for k in names]
        ps = [params[k] for k in names]
        with torch.no_grad():
            if name == "muon":
                last = "dense1.weight" if options.get("output_adamw") else None
                muon_step(ps, grads, st, [k.endswith("weight") and k != last for k in names], **options)
            else:
                STEPS[name](ps, grads, st, **options)
        traj.append({k: descent_layout(k, params[k]) for k in names})
        if "schedulefree" in name:
            evals.append({k: descent_layout(k, v) for k, v in zip(names, sf_eval_points(ps, st))})
    case = {
        "kind": "mlp", "optimizer": {"name": name, "options": options}, "steps": steps,
        "x": x.tolist(), "y": y.tolist(), "trajectory": traj,
    }
    if "schedulefree" in name:
        case["eval_trajectory"] = evals
    return case


FUNCTION_CASES = [
    ("lion", {"lr": 0.01}, "rosenbrock", [-1.0, 1.0]),
    ("lion", {"lr": 0.02, "beta1": 0.8, "beta2": 0.95, "weight_decay": 0.5}, "himmelblau", [0.5, -1.5]),
    ("lion", {"lr": 0.01}, "quadratic3", [0.0, -1.0, 2.0]),
    ("sgd-schedulefree", {"lr": 0.01}, "article-2d", [-0.5, 2.0]),
    ("sgd-schedulefree", {"lr": 0.001, "momentum": 0.8, "weight_decay": 0.1, "warmup_steps": 10, "r": 1.0}, "rosenbrock", [-1.0, 1.0]),
    ("sgd-schedulefree", {"lr": 0.01, "weight_lr_power": 0.0}, "himmelblau", [0.5, -1.5]),
    ("adamw-schedulefree", {"lr": 0.05}, "rosenbrock", [-1.0, 1.0]),
    ("adamw-schedulefree", {"lr": 0.1, "beta1": 0.8, "weight_decay": 0.05, "warmup_steps": 20, "r": 0.5}, "himmelblau", [0.5, -1.5]),
    ("adamw-schedulefree", {"lr": 0.05, "weight_decay": 0.1, "decay_at_z": True}, "quadratic3", [0.0, -1.0, 2.0]),
    ("muon", {"lr": 0.02}, "rosenbrock", [-1.0, 1.0]),
    ("muon", {"lr": 0.05, "momentum": 0.9, "nesterov": False, "weight_decay": 0.0}, "himmelblau", [0.5, -1.5]),
    ("muon", {"lr": 0.05, "adjust_lr_fn": "match_rms_adamw", "ns_steps": 3}, "quadratic3", [0.0, -1.0, 2.0]),
    ("prodigy", {}, "rosenbrock", [-1.0, 1.0]),
    ("prodigy", {"lr": 0.5, "weight_decay": 0.01, "use_bias_correction": True, "growth_rate": 1.05}, "himmelblau", [0.5, -1.5]),
    ("prodigy", {"weight_decay": 0.1, "decouple": False, "safeguard_warmup": True, "d_coef": 2.0, "beta3": 0.9}, "article-2d", [-0.5, 2.0]),
    ("prodigy", {"d0": 1e-3}, "quadratic3", [0.0, -1.0, 2.0]),
]

MLP_CASES = [
    ("lion", {"lr": 0.003, "weight_decay": 0.1}),
    ("sgd-schedulefree", {"lr": 0.1}),
    ("adamw-schedulefree", {"lr": 0.01, "weight_decay": 0.01, "warmup_steps": 5}),
    ("muon", {"lr": 0.02}),
    ("muon", {"lr": 0.02, "output_adamw": True, "adamw_lr": 0.005}),
    ("prodigy", {}),
    ("prodigy", {"weight_decay": 0.05, "use_bias_correction": True}),
]


def main():
    cases = [run_function(fn, start, name, opts, 100) for name, opts, fn, start in FUNCTION_CASES]
    cases += [run_mlp(name, opts, 40) for name, opts in MLP_CASES]
    with open(OUT, "w") as f:
        json.dump({
            "source": "scripts/oracles/make_modern_optimizers.py (PyTorch %s, float64)" % torch.__version__,
            "tolerance": "max |descent - reference| / (1 + |reference|) over every step, per case",
            "cases": cases,
        }, f)
        f.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.relpath(OUT, ROOT)))


if __name__ == "__main__":
    main()

"""PyTorch and numpy peers for `npm run bench`, one fresh process per round.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_bench.py torch|numpy '<tasks JSON>'

prints one JSON line {"id", "impl", "metrics"} per task it knows, in the protocol of
bench/protocol.ts. PyTorch runs single-threaded (torch.set_num_threads(1)); numpy is the
hand-written baseline for W4 only.
"""
import gzip
import json
import math
import statistics
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

BYTES_PER_ELEMENT = 28


def now_ms():
    return time.perf_counter() * 1000.0


def repetitions(probe_ms, target_ms=100.0):
    """Same rule as bench/workloads/w3-adam.ts."""
    if probe_ms > 1000:
        return 1
    return max(3, min(100_000, math.ceil(target_ms / max(probe_ms, 1e-4))))


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_fashion(data_dir):
    def part(prefix):
        names = os.listdir(data_dir)
        img = next(n for n in names if n.startswith(prefix + "-images"))
        lab = next(n for n in names if n.startswith(prefix + "-labels"))
        x = read_idx(os.path.join(data_dir, img)).reshape(-1, 784).astype(np.float32) / 255.0
        y = read_idx(os.path.join(data_dir, lab)).astype(np.int64)
        return x, y

    return part("train"), part("t10k")


def load_table(path):
    with open(path) as f:
        t = json.load(f)
    x = np.asarray(t["features"], dtype=np.float32).reshape(t["n"], t["d"])
    y = np.asarray(t["targets"], dtype=np.float32)
    return x, y


# ---------------------------------------------------------------- PyTorch

def torch_w1(torch, steps):
    def run(n):
        p = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([p], lr=0.01, eps=1e-8)
        t0 = now_ms()
        for _ in range(n):
            opt.zero_grad()
            x, y = p[0], p[1]
            loss = (1 - x) ** 2 + 100 * (y - x ** 2) ** 2
            loss.backward()
            opt.step()
        ms = now_ms() - t0
        return ms, p.detach().tolist()

    run(min(steps, 1000))
    ms, (x, y) = run(steps)
    return {"steps_per_s": steps * 1000.0 / ms, "x": x, "y": y}


def torch_mlp(torch, data, hidden, batch, budget_s, seed):
    (xtr, ytr), (xte, yte) = data
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10))
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = xtr.shape[0]
    order = torch.randperm(n)
    samples = 0
    t0 = now_ms()
    for start in range(0, n, batch):
        idx = order[start:start + batch]
        xb, yb = xtr[idx], ytr[idx]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        samples += idx.shape[0]
        if budget_s is not None and now_ms() - t0 > budget_s * 1000:
            break
    ms = now_ms() - t0
    acc = None
    if samples == n:
        with torch.no_grad():
            acc = (model(xte).argmax(1) == yte).float().mean().item()
    return ms, samples, acc


def torch_w2(torch, data, task):
    tensors = tuple((torch.from_numpy(x), torch.from_numpy(y)) for x, y in data)
    budget = task.get("budgetSeconds")
    torch_mlp(torch, tensors, task["hidden"], task["batch"], min(0.3, budget or 0.3), 7)
    ms, samples, acc = torch_mlp(torch, tensors, task["hidden"], task["batch"], budget, 1)
    out = {"samples_per_s": samples * 1000.0 / ms, "ms_per_batch": ms * min(task["batch"], 60000) / samples,
           "samples": samples}
    if task.get("evalTest") and acc is not None:
        out["test_acc"] = acc
    return out


def torch_w3(torch, size):
    g = torch.Generator().manual_seed(3)
    p = torch.nn.Parameter(torch.rand(size, generator=g) * 2 - 1)
    p.grad = torch.rand(size, generator=g) * 2 - 1
    opt = torch.optim.Adam([p], lr=1e-3)
    opt.step()
    t0 = now_ms()
    opt.step()
    reps = repetitions(now_ms() - t0)
    t0 = now_ms()
    for _ in range(reps):
        opt.step()
    ms = (now_ms() - t0) / reps
    return {"ms_per_step": ms, "gb_per_s": size * BYTES_PER_ELEMENT / (ms * 1e6), "size": size}


def torch_w4(torch, path, epochs):
    xn, yn = load_table(path)
    x, y = torch.from_numpy(xn), torch.from_numpy(yn).reshape(-1, 1)

    def fit(n):
        model = torch.nn.Linear(x.shape[1], 1)
        torch.nn.init.zeros_(model.weight)
        torch.nn.init.zeros_(model.bias)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        loss_fn = torch.nn.BCEWithLogitsLoss()
        t0 = now_ms()
        for _ in range(n):
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        ms = now_ms() - t0
        with torch.no_grad():
            acc = ((model(x) > 0).float() == y).float().mean().item()
        return ms, acc

    fit(min(epochs, 100))
    return w4_median(fit, epochs)


def w4_median(fit, epochs):
    """W4's figure: the median of W4_TIMED_FITS timed fits in this process (one 20 ms sample is at
    the mercy of the machine's noise), as every implementation reports it."""
    runs = [fit(epochs) for _ in range(W4_TIMED_FITS)]
    ms = statistics.median(r[0] for r in runs)
    return {"ms_per_1000_epochs": ms * 1000.0 / epochs, "train_acc": runs[-1][1]}


W4_TIMED_FITS = 5


# ---------------------------------------------------------------- numpy (hand-written W4)

def numpy_w4(path, epochs):
    x, y = load_table(path)
    n, d = x.shape

    def fit(k):
        w = np.zeros(d, dtype=np.float32)
        b = np.float32(0)
        lr = np.float32(0.1)
        t0 = now_ms()
        for _ in range(k):
            z = x @ w + b
            p = 1.0 / (1.0 + np.exp(-z))
            r = (p - y) / np.float32(n)  # d(mean BCE)/dz
            w -= lr * (x.T @ r)
            b -= lr * r.sum()
        ms = now_ms() - t0
        acc = float(((x @ w + b > 0).astype(np.float32) == y).mean())
        return ms, acc

    fit(min(epochs, 100))
    return w4_median(fit, epochs)


def main():
    impl = sys.argv[1]
    tasks = json.loads(sys.argv[2])
    torch = None
    if impl == "torch":
        import torch as torch_module
        torch = torch_module
        torch.set_num_threads(1)
    fashion = {}
    for task in tasks:
        w = task["workload"]
        try:
            if impl == "numpy":
                if w != "W4":
                    continue
                metrics = numpy_w4(task["dataPath"], task["epochs"])
            elif w == "W1":
                metrics = torch_w1(torch, task["steps"])
            elif w == "W2":
                if task["dataDir"] not in fashion:
                    fashion[task["dataDir"]] = load_fashion(task["dataDir"])
                metrics = torch_w2(torch, fashion[task["dataDir"]], task)
            elif w == "W3":
                metrics = torch_w3(torch, task["size"])
            elif w == "W4":
                metrics = torch_w4(torch, task["dataPath"], task["epochs"])
            else:
                continue
            result = {"id": task["id"], "impl": impl, "metrics": metrics}
        except Exception as e:  # report, keep going
            result = {"id": task["id"], "impl": impl, "metrics": {}, "error": str(e).split("\n")[0]}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

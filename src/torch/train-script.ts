/**
 * The train.py that `descent export --torch` writes: self-contained (PyTorch and numpy only),
 * for PyTorch 1.13 and 2.x. The run's resolved configuration is pasted in as JSON (RUN), so the
 * script reads no descent file besides the weights, data and order it names.
 */

/** The script with `run` as its RUN constant. */
export function trainScript(run: unknown): string {
  return TRAIN_PY.replace("__RUN_JSON__", () => JSON.stringify(run));
}

const TRAIN_PY = String.raw`#!/usr/bin/env python3
"""A descent training run for PyTorch, written by "descent export --torch".

  python3 train.py                                       one process (CPU or one GPU)
  torchrun --nproc_per_node 8 train.py                   8 GPUs, DistributedDataParallel
  python3 train.py --batch-order batch_order.safetensors  replay descent's shuffling exactly

See README.md in this folder. Works with PyTorch 1.13 and 2.x; needs numpy to write checkpoints.
"""
import argparse
import json
import math
import os
import struct
import sys
import time
import warnings
from collections import OrderedDict

import torch
import torch.distributed as dist
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))

# The run as descent resolved it (model, loss, optimizer, schedule, batch size, epochs, seed).
RUN = json.loads(r"""__RUN_JSON__""")

# ---- safetensors: a little-endian u64 header length, a JSON header, then the raw bytes --------
DTYPES = {"F32": torch.float32, "F64": torch.float64, "I32": torch.int32, "I64": torch.int64}
NAMES = {v: k for k, v in DTYPES.items()}


def load_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        body = f.read()
    meta = header.pop("__metadata__", {}) or {}
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = DTYPES[entry["dtype"]]
        flat = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors, meta


def save_safetensors(path, tensors, meta):
    header, chunks, offset = {"__metadata__": meta}, [], 0
    for name, t in tensors.items():
        data = t.detach().cpu().contiguous().numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    head = json.dumps(header).encode("utf-8")
    head += b" " * ((8 - len(head) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:  # then a rename: a reader never sees half a file
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for chunk in chunks:
            f.write(chunk)
    os.replace(tmp, path)


# ---- the model, the loss, the optimizer and the schedule -------------------------------------
ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def build_model(spec):
    """Dense layers named as descent names them (dense0, dense1, ...), activations between."""
    sizes = [spec["inputs"]] + list(spec["hidden"]) + [spec["outputs"]]
    layers = OrderedDict()
    for l in range(len(sizes) - 1):
        layers["dense%d" % l] = nn.Linear(sizes[l], sizes[l + 1])
        if l + 2 < len(sizes) and spec["activation"] != "identity":
            layers["act%d" % l] = ACTIVATIONS[spec["activation"]]()
    return nn.Sequential(layers)


def make_loss(name):
    cls = getattr(nn, RUN["loss"]["class"])()
    if name == "cross-entropy":
        return lambda out, y: cls(out, y.long())
    return lambda out, y: cls(out[:, 0], y)  # one output column against one target per row


def make_optimizer(params):
    spec = RUN["optimizer"]
    options = dict(spec["options"])
    if "betas" in options:
        options["betas"] = tuple(options["betas"])
    return getattr(torch.optim, spec["class"])(params, **options)


def make_schedule(optimizer):
    spec = RUN["schedule"]
    if spec is None:
        return None
    return getattr(torch.optim.lr_scheduler, spec["class"])(optimizer, **spec["options"])


def is_plateau(schedule):
    return schedule is not None and RUN["schedule"]["class"] == "ReduceLROnPlateau"


# ---- data: descent's rows, prepared with the stored values (never refitted) ------------------
def prepare(x):
    s = RUN["preprocessing"]["standardize"]
    if s is None:
        return x
    mean = torch.tensor(s["mean"], dtype=torch.float64)
    std = torch.tensor(s["std"], dtype=torch.float64)
    return ((x.double() - mean) / std).float()  # float64 then one rounding, as descent does


def prepare_targets(y):
    s = RUN["preprocessing"]["target_scaling"]
    if s is None:
        return y
    return ((y.double() - s["mean"]) / s["scale"]).float()  # the network learns the scaled target


def load_data():
    tensors, _ = load_safetensors(os.path.join(HERE, "data.safetensors"))
    train = (prepare(tensors["train.features"]), prepare_targets(tensors["train.targets"]))
    test = None
    if "test.features" in tensors:
        test = (prepare(tensors["test.features"]), prepare_targets(tensors["test.targets"]))
    return train, test


# ---- starting point and checkpoints: weights, optimizer state, position ----------------------
def load_start(path, model, optimizer):
    """Weights (and optimizer state, when the file has it) from a checkpoint in train.py's format."""
    tensors, meta = load_safetensors(path)
    names = [n for n, _ in model.named_parameters()]
    model_shapes = {n: tuple(p.shape) for n, p in model.named_parameters()}
    for n in names:
        if n not in tensors:
            sys.exit("train.py: %s has no tensor %s; it is not a checkpoint of this model" % (path, n))
        if tuple(tensors[n].shape) != model_shapes[n]:
            sys.exit("train.py: %s holds %s of shape %s, the model needs %s" % (path, n, list(tensors[n].shape), list(model_shapes[n])))
    model.load_state_dict({n: tensors[n].float() for n in names}, strict=False)
    step = int(meta.get("optimizer_step", "0"))
    scalars = json.loads(meta.get("optimizer_scalars", "{}"))
    if step > 0:
        for n, p in model.named_parameters():
            state = {}
            prefix = "optimizer.%s." % n
            for key, t in tensors.items():
                if key.startswith(prefix):
                    state[key[len(prefix):]] = t.float().to(p.device).clone()
            if RUN["optimizer"]["class"] != "SGD":
                state["step"] = torch.tensor(float(step))
            for key, v in scalars.items():
                state[key] = torch.tensor(float(v))
            optimizer.state[p] = state
    return {"epoch": int(meta.get("epoch", "0")), "updates": int(meta.get("updates", "0"))}


def optimizer_tensors(model, optimizer):
    out = {}
    for n, p in model.named_parameters():
        for key, v in optimizer.state.get(p, {}).items():
            if torch.is_tensor(v) and v.shape == p.shape:
                out["optimizer.%s.%s" % (n, key)] = v
    return out


def optimizer_meta(model, optimizer):
    step, scalars = 0, {}
    for p in model.parameters():
        state = optimizer.state.get(p, {})
        if "step" in state:
            step = int(float(state["step"]))
        if "mu_product" in state:
            scalars["mu_product"] = float(state["mu_product"])
    return step, scalars


def save_checkpoint(path, model, optimizer, epoch, updates):
    step, scalars = optimizer_meta(model, optimizer)
    if RUN["optimizer"]["class"] == "SGD":
        step = updates
    meta = {
        "format": "descent-torch-checkpoint",
        "descent": json.dumps(RUN["model_record"]),
        "epoch": str(epoch),
        "updates": str(updates),
        "optimizer_step": str(step),
        "optimizer_scalars": json.dumps(scalars),
    }
    tensors = OrderedDict((n, p) for n, p in model.named_parameters())
    tensors.update(optimizer_tensors(model, optimizer))
    save_safetensors(path, tensors, meta)


# ---- evaluation: descent's per-epoch numbers --------------------------------------------------
@torch.no_grad()
def evaluate(model, loss_fn, data, device):
    x, y = data
    out = model(x.to(device))
    y = y.to(device)
    loss = float(loss_fn(out, y))
    head = RUN["model_record"]["spec"]["head"]
    if head == "identity":
        pred = out[:, 0].double()
        yd = y.double()
        total = float(((yd - yd.mean()) ** 2).sum())
        metric = 1 - float(((yd - pred) ** 2).sum()) / total if total > 0 else float("nan")
    elif head == "sigmoid":
        metric = float(((out[:, 0] > 0).float() == y).double().mean())
    else:
        metric = float((out.argmax(dim=1).float() == y).double().mean())
    return loss, metric


# ---- the run ----------------------------------------------------------------------------------
def parse_args():
    p = argparse.ArgumentParser(description="descent's training run in PyTorch (see README.md)")
    p.add_argument("--epochs", type=int, default=RUN["epochs"], help="train until this epoch (default %(default)s)")
    p.add_argument("--batch-size", type=int, default=RUN["batch_size"], help="rows per update over all processes (default %(default)s)")
    p.add_argument("--init", default=os.path.join(HERE, "weights.safetensors"), help="starting checkpoint (default: the exported weights)")
    p.add_argument("--out", default=os.path.join(HERE, "checkpoints"), help="folder for checkpoints and metrics.jsonl")
    p.add_argument("--checkpoint-every", type=int, default=1, help="epochs between checkpoints")
    p.add_argument("--batch-order", default=None, help="replay descent's row order from this file (batch_order.safetensors)")
    p.add_argument("--max-updates", type=int, default=None, help="stop after this many updates (for checks)")
    p.add_argument("--log-updates", default=None, help="write each update's batch loss to this JSON-lines file")
    p.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    p.add_argument("--seed", type=int, default=RUN["seed"], help="seed for the shuffling when no batch order is given")
    return p.parse_args()


def batches_for_epoch(epoch, n, batch_size, order, sampler, rank, world, generator):
    """Row indices of this process's batches in one epoch."""
    if order is not None:
        rows = order[epoch - 1].long()
    elif batch_size >= n:
        rows = torch.arange(n)
    elif sampler is not None:
        sampler.set_epoch(epoch)
        return [b for b in torch.tensor(list(iter(sampler))).split(max(1, batch_size // world))]
    else:
        rows = torch.randperm(n, generator=generator)
    batches = rows.split(batch_size)
    if world > 1:  # each process takes its share of every global batch
        return [b.tensor_split(world)[rank] for b in batches]
    return list(batches)


def main():
    args = parse_args()
    distributed = "RANK" in os.environ and "WORLD_SIZE" in os.environ
    use_cuda = torch.cuda.is_available() if args.device is None else args.device.startswith("cuda")
    rank, world, local = 0, 1, 0
    if distributed:
        dist.init_process_group(backend="nccl" if use_cuda else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        local = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device("cuda:%d" % local if use_cuda else "cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    torch.manual_seed(args.seed)

    spec = RUN["model_record"]["spec"]
    model = build_model(spec).to(device)
    optimizer = make_optimizer(model.parameters())
    start = load_start(args.init, model, optimizer)
    schedule = make_schedule(optimizer)
    if schedule is not None and not is_plateau(schedule):
        with warnings.catch_warnings():  # stepping without updates is the point here
            warnings.simplefilter("ignore")
            for _ in range(start["updates"]):  # bring a continued run's schedule to its step
                schedule.step()
    loss_fn = make_loss(RUN["loss"]["name"])
    train, test = load_data()
    n = train[0].shape[0]
    batch_size = min(args.batch_size, n)

    order = None
    if args.batch_order is not None:
        tensors, meta = load_safetensors(args.batch_order)
        order = tensors["order"]
        first = int(meta.get("first_epoch", "1"))
        order = torch.cat([torch.zeros((first - 1, order.shape[1]), dtype=order.dtype), order]) if first > 1 else order
        if order.shape[1] != n or order.shape[0] < args.epochs:
            sys.exit("train.py: %s orders %d rows for %d epochs; this run needs %d rows for %d" % (args.batch_order, order.shape[1], order.shape[0], n, args.epochs))
    sampler = None
    net = model
    if distributed:
        from torch.nn.parallel import DistributedDataParallel
        from torch.utils.data.distributed import DistributedSampler
        net = DistributedDataParallel(model, device_ids=[local] if use_cuda else None)
        sampler = DistributedSampler(range(n), num_replicas=world, rank=rank, shuffle=True, seed=args.seed, drop_last=False)
    generator = torch.Generator().manual_seed(args.seed)

    if rank == 0:
        os.makedirs(args.out, exist_ok=True)
    metrics = open(os.path.join(args.out, "metrics.jsonl"), "a") if rank == 0 else None
    update_log = open(args.log_updates, "w") if (args.log_updates and rank == 0) else None
    x_all, y_all = train[0].to(device), train[1].to(device)
    updates = start["updates"]
    epoch = start["epoch"]
    stopped = False
    while epoch < args.epochs and not stopped:
        epoch += 1
        started = time.time()
        net.train()
        for rows in batches_for_epoch(epoch, n, batch_size, order, sampler, rank, world, generator):
            rows = rows.to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(x_all[rows]), y_all[rows])
            loss.backward()
            optimizer.step()
            if schedule is not None and not is_plateau(schedule):
                schedule.step()
            updates += 1
            if update_log is not None:
                update_log.write(json.dumps({"update": updates, "loss": float(loss)}) + "\n")
            if args.max_updates is not None and updates >= start["updates"] + args.max_updates:
                stopped = True
                break
        seconds = time.time() - started
        net.eval()
        if rank == 0:
            train_loss, train_metric = evaluate(model, loss_fn, train, device)
            record = {"epoch": epoch, "updates": updates, "trainLoss": train_loss, "trainMetric": train_metric,
                      "lr": optimizer.param_groups[0]["lr"], "seconds": seconds, "processes": world}
            if test is not None:
                record["testLoss"], record["testMetric"] = evaluate(model, loss_fn, test, device)
            print(json.dumps(record), flush=True)
            metrics.write(json.dumps(record) + "\n")
            metrics.flush()
            if epoch % args.checkpoint_every == 0 or epoch == args.epochs or stopped:
                save_checkpoint(os.path.join(args.out, "epoch-%04d.safetensors" % epoch), model, optimizer, epoch, updates)
                save_checkpoint(os.path.join(args.out, "last.safetensors"), model, optimizer, epoch, updates)
        if is_plateau(schedule):
            # every process steps on the same number: rank 0's full training loss
            value = torch.tensor([train_loss if rank == 0 else 0.0], dtype=torch.float64)
            if distributed:
                dist.broadcast(value, 0)
            schedule.step(float(value))
    if update_log is not None:
        update_log.close()
    if metrics is not None:
        metrics.close()
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;

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
  python3 train.py --data path/to/all-rows.csv            train on a data file (CSV, or Parquet with pyarrow)

See README.md in this folder. Works with PyTorch 1.13 and 2.x; needs numpy to write checkpoints.
"""
import argparse
import csv
import gzip
import json
import math
import os
import re
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


def weight_penalty(model, dtype=torch.float32):
    """scikit-learn's L2 penalty of descent's lbfgs, (l2/2)·‖W‖² on the weights, not the biases."""
    l2 = RUN["optimizer"]["full_batch"]["l2"]
    if not l2:
        return torch.zeros((), dtype=dtype)
    return 0.5 * l2 * sum((p.to(dtype) ** 2).sum() for n, p in model.named_parameters() if n.endswith(".weight"))


def lbfgs_iteration(optimizer, model, loss_fn, x, y, tally):
    """One iteration of descent's full-batch L-BFGS (one an epoch): torch.optim.LBFGS steps once,
    then descent's stopping checks run at the new point. Returns the loss at the iteration's start
    (without the penalty, as descent logs it) and why the run stops after it (None: it goes on)."""
    start = {}

    def closure():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        start.setdefault("loss", float(loss))
        (loss + weight_penalty(model)).backward()
        # The value L-BFGS compares is descent's: the float32 loss plus the penalty in float64.
        with torch.no_grad():
            return loss.detach().double() + weight_penalty(model, torch.float64)

    options = RUN["optimizer"]["options"]
    state = optimizer.state[optimizer.param_groups[0]["params"][0]]
    evals = state.get("func_evals", 0)
    f0 = float(optimizer.step(closure))
    if "d" not in state:
        return start["loss"], "tol_grad"  # the gradient was already below tolerance_grad: no step
    # Each step evaluates its starting point again (descent's previous iteration ended there): not counted.
    tally["evaluations"] += state["func_evals"] - evals - 1
    d, t = state["d"], state["t"]
    if float(state["prev_flat_grad"].dot(d)) > -options["tolerance_change"]:
        return start["loss"], "no_descent"  # LBFGS broke off before moving
    f1 = float(closure())
    g1 = torch.cat([(p.grad if p.grad is not None else torch.zeros_like(p)).reshape(-1) for p in model.parameters()])
    if tally["evaluations"] >= RUN["optimizer"]["full_batch"]["max_evaluations"]:
        return start["loss"], "max_eval"
    if float(g1.abs().max()) <= options["tolerance_grad"]:
        return start["loss"], "tol_grad"
    if float(d.abs().max()) * abs(float(t)) <= options["tolerance_change"] or abs(f1 - f0) < options["tolerance_change"]:
        return start["loss"], "tol_change"
    return start["loss"], None


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


def loss_in_target_units(name, value):
    """A loss on the scaled target in the target's own units, as descent reports it."""
    s = RUN["preprocessing"]["target_scaling"]
    if s is None:
        return value
    return value * s["scale"] ** 2 if name == "mse" else value * s["scale"] if name == "mae" else value


def load_data(data_path=None, test_path=None):
    """The exported rows (data.safetensors), or a data file's rows encoded with the stored values."""
    tensors, _ = load_safetensors(os.path.join(HERE, "data.safetensors"))
    if data_path is None:
        train = (tensors["train.features"], tensors["train.targets"])
    else:
        train = read_data_file(data_path)
    test = None
    if test_path is not None:
        test = read_data_file(test_path)
    elif "test.features" in tensors:
        test = (tensors["test.features"], tensors["test.targets"])
    prep = lambda pair: (prepare(pair[0]), prepare_targets(pair[1]))
    return prep(train), (prep(test) if test is not None else None)


# ---- data files: descent's reading rules, the stored encodings (never refitted) --------------
MISSING = {"", "na", "n/a", "nan", "null", "?"}
DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
CURRENCY = re.compile(r"^[$\u20ac\u00a3\u00a5]\s?|\s?[$\u20ac\u00a3\u00a5]$")


def fail(message):
    sys.exit("train.py: " + message)


def is_missing(cell):
    return cell is None or (isinstance(cell, float) and math.isnan(cell)) or (isinstance(cell, str) and len(cell) <= 4 and cell.lower() in MISSING)


def number_parser():
    """The finite number a cell holds in the file's dialect (decimal comma, thousands), else None."""
    reader = RUN.get("reader") or {}
    decimal, thousands = reader.get("decimal") or ".", reader.get("thousands")

    def parse(cell):
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            return float(cell) if math.isfinite(cell) else None
        s = str(cell)
        if thousands:
            s = CURRENCY.sub("", s).replace(thousands, "")
        if decimal == ",":
            if "." in s:
                return None
            s = s.replace(",", ".", 1)
        if not DECIMAL.fullmatch(s):
            return None
        v = float(s)
        return v if math.isfinite(v) else None
    return parse


def js_number(v):
    """A number as JavaScript's String(v) writes it: how descent names a numeric category."""
    if v == int(v) and abs(v) < 1e21:
        return str(int(v))
    r = repr(v)
    if "e" not in r:
        return r
    if abs(v) >= 1e-6:
        from decimal import Decimal
        return format(Decimal(r), "f")
    mantissa, exponent = r.split("e")
    return "%se%s%d" % (mantissa, "-" if int(exponent) < 0 else "+", abs(int(exponent)))


def detect_delimiter(line):
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif not quoted and c in counts:
            counts[c] += 1
    best, most = "whitespace", 0
    for d in (",", ";", "\t"):
        if counts[d] > most:
            best, most = d, counts[d]
    return best


def file_records(path):
    """(line number, cells as written) for every non-blank record of a CSV or Parquet file."""
    lower = path.lower()
    if lower.endswith(".parquet"):
        try:
            import pyarrow.parquet as pq
            table = pq.read_table(path)
            names, columns = list(table.column_names), [table.column(j).to_pylist() for j in range(table.num_columns)]
        except ImportError:
            try:
                import pandas
                frame = pandas.read_parquet(path)
            except ImportError:
                fail("reading %s needs pyarrow (pip install pyarrow) or pandas with fastparquet, which this Python lacks; or convert it to CSV" % os.path.basename(path))
            names = [str(c) for c in frame.columns]
            columns = [[None if is_missing(v) else v for v in frame[c].tolist()] for c in frame.columns]
        yield 1, names
        for i in range(len(columns[0]) if columns else 0):
            yield i + 2, [c[i] for c in columns]
        return
    opener = gzip.open if lower.endswith(".gz") else open
    reader = RUN.get("reader") or {}
    with opener(path, "rt", newline="", encoding="utf-8-sig") as f:
        first = f.readline()
        while first != "" and first.strip() == "":
            first = f.readline()
        delimiter = reader.get("delimiter") or detect_delimiter(first)
    with opener(path, "rt", newline="", encoding="utf-8-sig") as f:
        if delimiter == "whitespace":
            for number, line in enumerate(f, 1):
                if line.strip():
                    yield number, line.split()
            return
        rows = csv.reader(f, delimiter=delimiter, skipinitialspace=True)
        for fields in rows:
            if fields == [] or fields == [""]:
                continue
            yield rows.line_num, [c.strip() for c in fields]


def read_data_file(path):
    """The file's rows as (features, targets): columns found by name through the stored encodings,
    text columns one-hot on the stored categories (an unseen one encodes as zeros), missing cells
    take the stored imputation values, rows without a target are left out; float32 like descent's."""
    if not os.path.exists(path):
        fail("no data file %s" % path)
    pre, spec = RUN["preprocessing"], RUN["model_record"]["spec"]
    reader = RUN.get("reader") or {}
    columns, classes = pre["columns"], pre["classes"]
    parse = number_parser()
    name = os.path.basename(path)
    records = file_records(path)
    try:
        line, head = next(records)
    except StopIteration:
        fail("%s holds no rows" % name)
    head_text = ["" if c is None else str(c) for c in head]
    if columns is not None:
        names = [c["name"] for c in columns]
        header = reader.get("header")
        if header is None or header == "auto":
            header = any(n in head_text for n in names + [pre["targetName"]])  # a file of data names no column
        if header:
            missing = [n for n in names if n not in head_text]
            if missing:
                fail('%s has no column "%s", which the model uses as a feature (columns: %s)' % (name, missing[0], ", ".join(head_text)))
            where = [head_text.index(n) for n in names]
            target_at = head_text.index(pre["targetName"]) if pre["targetName"] in head_text else None
        else:
            where = list(range(len(names)))
            target_at = len(names) if len(head) > len(names) else None
    else:
        d = spec["inputs"]
        header = reader.get("header")
        if header is None or header == "auto":
            header = any(parse(c) is None and not is_missing(c) for c in head)
        where, target_at = list(range(d)), (d if len(head) > d else None)
    if target_at is None:
        fail("%s has no target column %s; train.py needs the target to train on" % (name, '"%s"' % pre["targetName"] if pre["targetName"] else "after the features"))
    width = spec["inputs"]
    class_of = None
    if classes is not None:
        by_name = {c: k for k, c in enumerate(classes)}
        by_value = {}
        for k, c in enumerate(classes):
            v = parse(c)
            if v is not None:
                by_value[v] = k
        def class_of(cell):
            k = by_name.get(str(cell))
            if k is None:
                v = parse(cell)
                k = by_value.get(v) if v is not None else None
            return k
    from array import array
    features, targets = array("f"), array("f")
    dropped_target, dropped_missing, unseen = 0, 0, {}
    drop_missing = bool(reader.get("drop_missing"))
    rows = records if header else _chain_first(line, head, records)
    for line, cells in rows:
        if len(cells) < max(where + [target_at]) + 1:
            fail("%s: row %d has %d fields, expected at least %d" % (name, line, len(cells), max(where + [target_at]) + 1))
        t = cells[target_at]
        if is_missing(t):
            dropped_target += 1
            continue
        if class_of is not None:
            y = class_of(t)
            if y is None:
                fail('%s: row %d: the label "%s" is not one of the model\'s classes (%s)' % (name, line, t, ", ".join(classes)))
        else:
            y = parse(t)
            if y is None:
                fail('%s: row %d: the target "%s" is not a number' % (name, line, t))
        row = [0.0] * width
        skip = False
        if columns is None:
            for j in where:
                v = parse(cells[j])
                if v is None:
                    fail('%s: row %d, column %d: "%s" is not a number' % (name, line, j + 1, cells[j]))
                row[j] = v
        else:
            offset = 0
            for enc, j in zip(columns, where):
                cell = cells[j]
                if is_missing(cell):
                    if enc.get("impute") is None:
                        if drop_missing:
                            skip = True
                            break
                        fail('%s: row %d, column "%s": missing cell, and the model has no imputation value for it' % (name, line, enc["name"]))
                    cell = enc["impute"]
                if enc["kind"] == "numeric":
                    v = parse(cell)
                    if v is None:
                        fail('%s: row %d, column "%s": "%s" is not a number' % (name, line, enc["name"], cell))
                    row[offset] = v
                    offset += 1
                    continue
                categories = enc["categories"]
                key = str(cell) if not isinstance(cell, float) else js_number(cell)
                k = _category_index(enc, key, parse)
                if k is None:
                    unseen[enc["name"]] = unseen.get(enc["name"], 0) + 1
                else:
                    row[offset + k] = 1.0
                offset += len(categories)
        if skip:
            dropped_missing += 1
            continue
        features.extend(row)
        targets.append(y)
    n = len(targets)
    if n == 0:
        fail("%s has no rows to train on" % name)
    notes = []
    if dropped_target:
        notes.append("left out %d rows of %s whose target is missing" % (dropped_target, name))
    if dropped_missing:
        notes.append("left out %d rows of %s with a missing feature cell (as the export's --drop-missing)" % (dropped_missing, name))
    for col, count in unseen.items():
        notes.append('%d cells of column "%s" in %s hold a category the model has not seen: encoded as all zeros' % (count, col, name))
    for note in notes:
        print("train.py: " + note, file=sys.stderr)
    x = torch.frombuffer(bytearray(features.tobytes()), dtype=torch.float32).reshape(n, width)
    y = torch.frombuffer(bytearray(targets.tobytes()), dtype=torch.float32)
    return x, y


def _chain_first(line, head, rest):
    yield line, head
    for item in rest:
        yield item


def _category_index(enc, key, parse):
    """The category's position; a number written another way ("1.0") finds the category "1"."""
    index = enc.get("_index")
    if index is None:
        index = enc["_index"] = {c: k for k, c in enumerate(enc["categories"])}
    k = index.get(key)
    if k is None:
        v = parse(key)
        if v is not None:
            k = index.get(js_number(v))
    return k


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
    loss = loss_in_target_units(RUN["loss"]["name"], float(loss_fn(out, y)))
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
    p.add_argument("--data", default=None, help="train on this data file (CSV, .csv.gz, or Parquet with pyarrow) instead of the exported rows, "
                   "encoded with the stored preprocessing (never refitted)")
    p.add_argument("--test-data", default=None, help="score each epoch on this data file (default: the exported test rows)")
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
    lbfgs = RUN["optimizer"]["class"] == "LBFGS"
    if lbfgs and distributed:
        sys.exit("train.py: L-BFGS runs in one process: its line search compares the loss of every row at several points "
                 "(a data-parallel run would need the loss of all processes at each); run python3 train.py")
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
    train, test = load_data(args.data, args.test_data)
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
    if lbfgs and batch_size < n:
        sys.exit("train.py: L-BFGS trains on the full batch (its line search compares the loss of the same rows at several points); drop --batch-size")
    tally = {"evaluations": 1}  # descent's count: the first point, then each line search's
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
            if lbfgs:
                loss, converged = lbfgs_iteration(optimizer, net, loss_fn, x_all[rows], y_all[rows], tally)
                if converged is not None and epoch < args.epochs:
                    stopped = True
                    print("train.py: converged after %d iterations (%s)" % (epoch, converged), file=sys.stderr, flush=True)
            else:
                optimizer.zero_grad(set_to_none=True)
                loss = loss_fn(net(x_all[rows]), y_all[rows])
                loss.backward()
                optimizer.step()
            if schedule is not None and not is_plateau(schedule):
                schedule.step()
            updates += 1
            if update_log is not None:
                update_log.write(json.dumps({"update": updates, "loss": loss_in_target_units(RUN["loss"]["name"], float(loss))}) + "\n")
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

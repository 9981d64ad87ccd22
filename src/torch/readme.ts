/** The README.md of an export folder: what is in it and how to run it on one machine, 8 GPUs, several nodes. */
import type { TorchExportSummary } from "./export.js";

export function torchReadme(s: TorchExportSummary, data: string, withOrder: boolean): string {
  const continued = s.startEpoch > 0 ? ` It continues a descent run from epoch ${s.startEpoch}.` : "";
  return `# descent run for PyTorch

Written by \`descent export --torch\` from a run on ${data}: ${s.trainRows} training rows, batch ${s.batchSize},
epochs up to ${s.epochs}; ${s.loss}, ${s.optimizer}${s.schedule ? ` stepped by ${s.schedule}` : ""}.${continued}
${s.notes.map((n) => `\nNote: ${n}.\n`).join("")}
| file | what it holds |
|---|---|
| \`train.py\` | the run: model, loss, optimizer and schedule in PyTorch's names (PyTorch 1.13 or 2.x, and numpy) |
| \`weights.safetensors\` | the starting weights in torch.nn.Linear's layout (and the optimizer state of a continued run) |
| \`data.safetensors\` | the training and test rows exactly as descent read them |
| \`preprocessing.json\` | the stored preprocessing values (standardization, target scaling, class names, column encodings); train.py applies them, never refits |
${withOrder ? "| `batch_order.safetensors` | descent's row order for every epoch, to replay its shuffling exactly |\n" : ""}
Each epoch prints one JSON line (train and test loss and metric, lr, seconds) and appends it to
\`checkpoints/metrics.jsonl\`; checkpoints go to \`checkpoints/epoch-NNNN.safetensors\` and
\`checkpoints/last.safetensors\` (weights, optimizer state, position). \`--init FILE\` continues
from any of them. Bring the result back to descent with

    descent import --torch checkpoints/last.safetensors --out model.json

## One machine

    python3 train.py                          # one process, CPU or one GPU
${s.optimizer === "torch.optim.LBFGS" ? "" : "    python3 -m torch.distributed.run --nproc_per_node 2 train.py    # 2 CPU processes (gloo)\n"}${withOrder ? "    python3 train.py --batch-order batch_order.safetensors   # descent's numbers: same rows in the same order\n" : ""}    python3 train.py --data path/to/all-rows.csv   # the original file (or a bigger one), encoded with preprocessing.json

${s.optimizer === "torch.optim.LBFGS" ? LBFGS_ONE_PROCESS : manyProcesses(s.batchSize)}## What stays the same

On one process with \`--batch-order\`, the updates are descent's to float32 rounding (the same
rows, model, loss, optimizer and schedule). With several processes the shuffling comes from
DistributedSampler and each gradient is an all-reduced average over the processes' shares of a
batch: the same algorithm, not the same bits. See descent's docs/scale.md.
`;
}

const LBFGS_ONE_PROCESS = `## One process only

L-BFGS trains on the full batch and its line search compares the loss of every row at several
points, so train.py runs it in one process (CPU or one GPU) and refuses torchrun.

`;

function manyProcesses(batchSize: number): string {
  return `## 8 GPUs on one machine

    torchrun --standalone --nproc_per_node 8 train.py

Each process takes 1/8 of every batch of ${batchSize} rows; DistributedDataParallel averages the
gradients (NCCL), so one update still sees a batch of about ${batchSize}. Scale \`--batch-size\`
(and the learning rate) yourself if you want bigger batches.

## Several nodes

On every node (2 nodes of 8 GPUs here; the same folder on each):

    torchrun --nnodes 2 --nproc_per_node 8 --rdzv_backend c10d --rdzv_endpoint HOST:29500 train.py

HOST is one node's address that the others can reach. Checkpoints and metrics are written by
the process of rank 0 only.

`;
}

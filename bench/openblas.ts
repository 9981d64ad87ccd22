/**
 * The PyTorch and numpy peers at their best: OpenBLAS picks its kernels from OPENBLAS_CORETYPE
 * when set, and some environments set it for another CPU (for example `Haswell`, AVX2, on an
 * AVX-512 machine: measured, PyTorch's W2 ran at 67k–74k samples/s against 110k with `SkylakeX`),
 * along with an OPENBLAS_L2_SIZE that is not this CPU's. The bench sets the core type that matches
 * /proc/cpuinfo and drops a mismatched L2 size for the peer processes alone (never for tests or
 * CI), and keeps the environment's setting as a second column.
 */
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";

export interface CpuInfo {
  /** The flags line of /proc/cpuinfo's first processor. */
  flags: Set<string>;
  vendor: string;
  /** The L2 cache per core in KiB, when the system says. */
  l2KiB: number | null;
}

/** What the machine says about its first CPU (empty flags where /proc/cpuinfo is missing). */
export function readCpu(): CpuInfo {
  let text = "";
  try {
    text = readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    // not Linux: no core type is set, the environment's settings stay
  }
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, "m").exec(text)?.[1]?.trim() ?? "";
  return { flags: new Set(field("flags").split(/\s+/).filter(Boolean)), vendor: field("vendor_id"), l2KiB: l2KiB() };
}

function l2KiB(): number | null {
  try {
    const size = readFileSync("/sys/devices/system/cpu/cpu0/cache/index2/size", "utf8").trim(); // "1024K"
    const m = /^(\d+)K$/i.exec(size);
    if (m) return Number(m[1]);
  } catch {
    // fall through to getconf
  }
  const r = spawnSync("getconf", ["LEVEL2_CACHE_SIZE"], { encoding: "utf8" });
  const bytes = Number(r.stdout?.trim());
  return r.status === 0 && Number.isFinite(bytes) && bytes > 0 ? bytes / 1024 : null;
}

/** OpenBLAS's core type for these CPU flags (its names), or null to let OpenBLAS detect it. */
export function openblasCoreType(cpu: Pick<CpuInfo, "flags" | "vendor">): string | null {
  const has = (...f: string[]) => f.every((x) => cpu.flags.has(x));
  // SkylakeX's kernels use AVX-512 F/BW/DQ/VL/CD: any CPU with them runs them (Intel or AMD Zen 4+).
  if (has("avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd")) return "SkylakeX";
  if (has("avx2", "fma")) return cpu.vendor === "AuthenticAMD" ? "Zen" : "Haswell";
  if (has("avx")) return "Sandybridge";
  return null;
}

export interface FairOpenblas {
  /** The environment for the peer processes. */
  env: NodeJS.ProcessEnv;
  /** True when it differs from the environment's own OpenBLAS settings. */
  changed: boolean;
  /** One sentence for BENCHMARKS.md: what was set and dropped, and the environment's values. */
  note: string;
}

/** The environment with the core type matching `cpu` and without an L2 size that is not this CPU's. */
export function fairOpenblas(env: NodeJS.ProcessEnv, cpu: CpuInfo): FairOpenblas {
  const out: NodeJS.ProcessEnv = { ...env };
  const core = openblasCoreType(cpu);
  const was = env.OPENBLAS_CORETYPE;
  const said: string[] = [];
  let changed = false;
  if (core !== null && (was ?? "").toLowerCase() !== core.toLowerCase()) {
    out.OPENBLAS_CORETYPE = core;
    changed = true;
  }
  said.push(core === null ? "OpenBLAS detects its kernels (no core type known for this CPU)" : `OPENBLAS_CORETYPE=${core} (the CPU's flags)`);
  const l2 = env.OPENBLAS_L2_SIZE;
  // OpenBLAS reads the size in KiB; a value that is this CPU's in KiB or bytes is kept.
  if (l2 !== undefined && cpu.l2KiB !== null && Number(l2) !== cpu.l2KiB && Number(l2) !== cpu.l2KiB * 1024) {
    delete out.OPENBLAS_L2_SIZE;
    changed = true;
    said.push(`OPENBLAS_L2_SIZE dropped (the environment's ${l2} is not this CPU's ${cpu.l2KiB} KiB L2)`);
  }
  const envSetting = `the environment's own: OPENBLAS_CORETYPE=${was ?? "(unset)"}, OPENBLAS_L2_SIZE=${l2 ?? "(unset)"}`;
  const note = changed
    ? `The PyTorch and numpy processes run with ${said.join(", ")}, set for those processes alone; the \`torch-env\` and \`numpy-env\` columns run them with ${envSetting} (first round)`
    : `The PyTorch and numpy processes run with ${said[0]}, which is also ${envSetting}`;
  return { env: out, changed, note };
}

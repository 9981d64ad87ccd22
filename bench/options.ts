/** The `npm run bench` command line. */
import { OptionError } from "../src/errors.js";

export const WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6", "playground", "scaling", "all"] as const;
const EVERY = ["W1", "W2", "W3", "W4", "W5", "W6", "playground", "scaling"] as const;
export type WorkloadChoice = (typeof WORKLOADS)[number];

export interface BenchOptions {
  workloads: Set<Exclude<WorkloadChoice, "all">>;
  json: boolean;
  markdown?: string;
  rounds: number;
  quick: boolean;
  /** Override W3's element count (default 10⁷). */
  size?: number;
  dataDir: string;
  /** Peers to run ("none" runs descent alone); default every installed peer. */
  peers?: string[];
}

export const USAGE = `usage: npm run bench -- [--workload W1|W2|W3|W4|W5|W6|playground|scaling|all] [--json] [--markdown FILE]
                      [--rounds N] [--quick] [--size N] [--data DIR]
                      [--peers torch,torch-env,numpy,numpy-env,tfjs-cpu,tfjs-wasm,descent-1thread,descent-threads,descent-dp2,descent-wasm,fused-c|none]`;

function value(args: string[], i: number, flag: string): string {
  const v = args[i + 1];
  if (v === undefined || v.startsWith("--")) throw new OptionError(`${flag} needs a value\n${USAGE}`);
  return v;
}

function wholeNumber(raw: string, flag: string, min: number): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new OptionError(`${flag} must be a whole number >= ${min}, got "${raw}"`);
  return v;
}

/** Parses the arguments after `npm run bench --`. */
export function parseBenchArgs(args: string[]): BenchOptions {
  const o: BenchOptions = { workloads: new Set(), json: false, rounds: 3, quick: false, dataDir: "../shared/datasets/fashion-mnist" };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    switch (a) {
      case "--workload": {
        for (const w of value(args, i++, a).split(",")) {
          if (!(WORKLOADS as readonly string[]).includes(w)) throw new OptionError(`unknown workload "${w}" (valid: ${WORKLOADS.join(", ")})`);
          if (w === "all") EVERY.forEach((x) => o.workloads.add(x));
          else o.workloads.add(w as never);
        }
        break;
      }
      case "--json": o.json = true; break;
      case "--quick": o.quick = true; break;
      case "--markdown": o.markdown = value(args, i++, a); break;
      case "--rounds": o.rounds = wholeNumber(value(args, i++, a), a, 1); break;
      case "--size": o.size = wholeNumber(value(args, i++, a), a, 1); break;
      case "--data": o.dataDir = value(args, i++, a); break;
      case "--peers": {
        const v = value(args, i++, a);
        o.peers = v === "none" ? [] : v.split(",");
        break;
      }
      case "--help": case "-h": throw new OptionError(USAGE);
      default: throw new OptionError(`unknown option "${a}"\n${USAGE}`);
    }
  }
  if (o.workloads.size === 0) EVERY.forEach((x) => o.workloads.add(x));
  if (o.quick && !args.includes("--rounds")) o.rounds = 1;
  return o;
}

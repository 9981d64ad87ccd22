/**
 * Training survives a kill: SIGKILL at an arbitrary moment leaves a whole checkpoint (the previous
 * or the new one), and resuming ends with exactly the weights of an uninterrupted run. Ctrl-C
 * (SIGINT) stops after the current batch, writes the checkpoint and exits with 130.
 * Runs the real executable (built by `npm test` before the tests).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const BIN = resolve("bin/descent.js");
const RUN = ["train", "--data", "digits", "--model", "mlp:32", "--epochs", "25", "--seed", "3", "--batch-size", "16"];

function weights(file: string): string {
  return JSON.stringify(JSON.parse(readFileSync(file, "utf8")).params);
}

function descent(args: string[], cwd: string) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
}

/** Starts a run with checkpoints, waits for the first checkpoint plus `delayMs`, then signals it. */
async function interrupted(dir: string, signal: NodeJS.Signals, delayMs: number): Promise<number | null> {
  const child = spawn(process.execPath, [BIN, ...RUN, "--checkpoint", "ck.json", "--checkpoint-every", "1"], { cwd: dir, stdio: "ignore" });
  const exited = new Promise<number | null>((done) => child.on("exit", (code, sig) => done(code ?? (sig ? -1 : null))));
  const ck = join(dir, "ck.json");
  for (let i = 0; i < 600 && !existsSync(ck); i++) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill(signal);
  return exited;
}

describe("kill and resume", { skip: !existsSync(BIN.replace("bin/descent.js", "dist/cli/main.js")) && "build first (npm test does)" }, () => {
  const full = mkdtempSync(join(tmpdir(), "descent-full-"));
  const reference = descent([...RUN, "--save", "model.json"], full);

  test("the uninterrupted reference run", () => {
    assert.equal(reference.status, 0, reference.stderr);
  });

  for (const delay of [0, 137, 411]) {
    test(`SIGKILL ${delay} ms after the first checkpoint leaves a whole checkpoint; resuming gives identical weights`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "descent-kill-"));
      await interrupted(dir, "SIGKILL", delay);
      JSON.parse(readFileSync(join(dir, "ck.json"), "utf8")); // whole, not torn
      const resumed = descent(["train", "--resume", "ck.json", "--save", "model.json"], dir);
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.equal(weights(join(dir, "model.json")), weights(join(full, "model.json")));
    });
  }

  test("SIGINT stops after the current batch, writes the checkpoint and exits with 130", async () => {
    const dir = mkdtempSync(join(tmpdir(), "descent-int-"));
    const code = await interrupted(dir, "SIGINT", 100);
    assert.equal(code, 130);
    const resumed = descent(["train", "--resume", "ck.json", "--save", "model.json"], dir);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal(weights(join(dir, "model.json")), weights(join(full, "model.json")));
  });
});

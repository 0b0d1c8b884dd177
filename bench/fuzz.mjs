#!/usr/bin/env node
// Runs the robustness fuzzer (test/robustness/fuzz.test.ts) from the command line, for as long
// as you like, through vitest, which is what runs the TypeScript in a fresh clone:
//
//   npm run fuzz -- --seconds 600               fuzz every target for ten minutes, random seed
//   npm run fuzz -- --seconds 60 --seed 7       a repeatable run
//   npm run fuzz -- --seconds 60 --targets TimGM6mb,generated
//   npm run fuzz -- --seed 1 --replay 'TimGM6mb.sf2#1234'   one input, as a failure report names it
//
// Without --seconds, it runs the fixed counts CI runs. The summary it prints (inputs per
// format, loaded, refused, error kinds) is laid out to be pasted as it is.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const usage = "usage: npm run fuzz -- [--seconds N] [--seed N] [--targets a,b] [--replay 'target#index'] [--max-failures N]";

const options = { seconds: undefined, seed: undefined, targets: undefined, replay: undefined, maxFailures: undefined };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const [flag, inline] = args[i].split(/=(.*)/s, 2);
  const value = () => inline ?? args[++i];
  switch (flag) {
    case "--seconds": options.seconds = value(); break;
    case "--seed": options.seed = value(); break;
    case "--targets": options.targets = value(); break;
    case "--replay": options.replay = value(); break;
    case "--max-failures": options.maxFailures = value(); break;
    case "--help": case "-h": console.log(usage); process.exit(0);
    default: console.error(`unknown argument ${args[i]}\n${usage}`); process.exit(2);
  }
}
for (const name of ["seconds", "seed", "maxFailures"]) {
  const v = options[name];
  if (v !== undefined && !(Number.isFinite(Number(v)) && Number(v) >= 0)) {
    console.error(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a non-negative number, got ${v}\n${usage}`);
    process.exit(2);
  }
}
// A long run starts from a fresh seed each time unless told otherwise; it is printed to repeat the run.
const seed = options.seed ?? (options.seconds !== undefined ? String(Math.floor(Math.random() * 2 ** 31)) : "1");

const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
if (!existsSync(vitest)) {
  console.error(`${vitest} is missing: run npm install first`);
  process.exit(2);
}
const env = { ...process.env, FUZZ_SEED: seed };
if (options.seconds !== undefined) env.FUZZ_SECONDS = options.seconds;
if (options.targets !== undefined) env.FUZZ_TARGETS = options.targets;
if (options.replay !== undefined) env.FUZZ_REPLAY = options.replay;
if (options.maxFailures !== undefined) env.FUZZ_MAX_FAILURES = options.maxFailures;
console.log(`fuzzing with seed ${seed}${options.seconds !== undefined ? ` for ${options.seconds} s` : ""}`);
const result = spawnSync(process.execPath, [vitest, "run", "test/robustness/fuzz.test.ts"], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);

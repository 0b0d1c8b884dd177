// @ts-check
/**
 * The native voice kernels alone, without Node in the loop: compiles bench/kernel_bench.cpp with
 * the kernel sources of native/ (g++ -O3 -ffp-contract=off, as the addon is built) and prints
 * nanoseconds per voice-sample of oscillator + biquad + a 5-send mix, 256 looping voices, block
 * 64, for every kernel set this CPU runs: sustained voices whose gains hold, and voices whose
 * every gain ramps; then the same program built for WebAssembly (as native/scripts/build-wasm.sh
 * builds the module) run under Node's WASI, its sets named wasm-simd128 and wasm-scalar, where
 * Debian's clang, wasi-libc and libc++-14-dev-wasm32 are installed; then one JSON line.
 *
 * Usage: node bench/kernels.mjs [rounds]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const rounds = Number(process.argv[2] ?? 41);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error("usage: node bench/kernels.mjs [rounds]");
  process.exit(2);
}

const compiler = process.env.CXX ?? "g++";
if (spawnSync(compiler, ["--version"]).status !== 0) {
  console.log(`kernel bench: skipped, no C++ compiler (${compiler}) on PATH`);
  process.exit(0);
}

const out = `${root}build-bench`;
mkdirSync(out, { recursive: true });
const sources = readdirSync(`${root}native`)
  .filter((f) => /^kernels.*\.cpp$/.test(f))
  .map((f) => `${root}native/${f}`);
execFileSync(
  compiler,
  ["-std=c++17", "-O3", "-ffp-contract=off", `-I${root}native`, ...sources, `${root}bench/kernel_bench.cpp`, "-o", `${out}/kernel_bench`],
  { stdio: "inherit" },
);

const lines = execFileSync(`${out}/kernel_bench`, [String(rounds)], { encoding: "utf8" }).trim().split("\n");
lines.push(...wasmLines());
const results = lines.map((line) => {
  const [set, median, best, rampingMedian, rampingBest] = line.split(" ");
  return {
    set,
    nsPerVoiceSample: Number(median),
    bestNsPerVoiceSample: Number(best),
    rampingNsPerVoiceSample: Number(rampingMedian),
    rampingBestNsPerVoiceSample: Number(rampingBest),
  };
});

console.log("voice kernels: oscillator + biquad + mix into 5 sends, 256 looping voices, block 64");
console.log("ns per voice-sample, median and best of the rounds");
console.log("set           held median     best   ramping median     best");
for (const r of results) {
  const cells = [r.nsPerVoiceSample, r.bestNsPerVoiceSample, r.rampingNsPerVoiceSample, r.rampingBestNsPerVoiceSample];
  console.log(`${r.set.padEnd(12)} ${cells.map((x, i) => x.toFixed(3).padStart(i % 2 === 0 ? 12 : 8)).join(" ")}`);
}
console.log(JSON.stringify({ type: "kernels", cpu: os.cpus()[0]?.model ?? "unknown", voices: 256, blockSize: 64, rounds, results }));

/**
 * The WebAssembly build's lines ("wasm-simd128 ...", "wasm-scalar ..."), or none, with the
 * reason on stderr, where its tools are missing.
 */
function wasmLines() {
  const wasmCompiler = "clang++-14";
  if (spawnSync(wasmCompiler, ["--version"]).status !== 0 || !existsSync("/usr/lib/wasm32-wasi/libc.a")) {
    console.error("kernel bench: no WebAssembly line (Debian: apt-get install clang lld wasi-libc libc++-14-dev-wasm32)");
    return [];
  }
  const sets = ["kernels.cpp", "kernels_scalar.cpp", "kernels_wasm.cpp"].map((f) => `${root}native/${f}`);
  // No compiler-rt for wasm32 in Debian: the C++ libraries are named, the default ones left out.
  execFileSync(
    wasmCompiler,
    ["--target=wasm32-wasi", "-msimd128", "-O2", "-std=c++17", "-ffp-contract=off", "-fno-exceptions", `-I${root}native`,
      ...sets, `${root}bench/kernel_bench.cpp`, "-nodefaultlibs", "-lc++", "-lc++abi", "-lc", "-o", `${out}/kernel_bench.wasm`],
    { stdio: "inherit" },
  );
  const runner = `
    import { readFileSync } from "node:fs";
    import { WASI } from "node:wasi";
    const wasi = new WASI({ version: "preview1", args: ["kernel_bench", process.argv[2]] });
    wasi.start(new WebAssembly.Instance(new WebAssembly.Module(readFileSync(process.argv[1])), wasi.getImportObject()));`;
  // Optimized from the start, as a renderer's code is after its first blocks: this program calls
  // each kernel from one long loop, which would otherwise run in V8's baseline code for a while.
  const output = execFileSync(
    process.execPath,
    ["--no-warnings", "--no-liftoff", "--input-type=module", "-e", runner, `${out}/kernel_bench.wasm`, String(rounds)],
    { encoding: "utf8" },
  );
  return output.trim().split("\n").map((line) => line.replace(/^scalar /, "wasm-scalar "));
}

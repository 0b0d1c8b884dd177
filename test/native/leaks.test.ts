import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import "../built.js";

// npm run test:sanitize runs this folder with AddressSanitizer preloaded and the sanitizer build
// named by MELTYSYNTH_NATIVE_ADDON; only there can a child process check for leaks.
const sanitized = (process.env.LD_PRELOAD ?? "").includes("libasan") && process.env.MELTYSYNTH_NATIVE_ADDON !== undefined;
if (!sanitized) console.warn("Skipping the LeakSanitizer check: it runs in `npm run test:sanitize`, which CI runs.");

describe.skipIf(!sanitized)("native renderers under LeakSanitizer", () => {
  it("2,000 synthesizers made, half disposed and half dropped, leave nothing allocated at exit", () => {
    const script = fileURLToPath(new URL("./manyRenderers.mjs", import.meta.url));
    const child = spawnSync(process.execPath, ["--expose-gc", script], {
      encoding: "utf8",
      env: { ...process.env, ASAN_OPTIONS: "detect_leaks=1:abort_on_error=0" },
      timeout: 300_000,
    });
    expect(child.stderr).not.toMatch(/LeakSanitizer|AddressSanitizer/);
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain("made 2000 native synthesizers");
  });
});

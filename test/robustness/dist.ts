import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Worker threads run compiled JavaScript, so the worker tests use dist/, as a user would.
 * `npm install` and `npm test` build it; when a source file is newer than its output (a bare
 * `npx vitest` after an edit), it is rebuilt here first.
 */
export const root = fileURLToPath(new URL("../../", import.meta.url));
export const distDir = path.join(root, "dist");

function staleSources(dir: string): string[] {
  const stale: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const source = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      stale.push(...staleSources(source));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      const output = path.join(distDir, path.relative(path.join(root, "lib"), source)).replace(/\.ts$/, ".js");
      if (!existsSync(output) || statSync(output).mtimeMs < statSync(source).mtimeMs) stale.push(source);
    }
  }
  return stale;
}

/** Builds dist/ with the project's TypeScript if any source is newer than its output. */
export function ensureFreshDist(): void {
  const stale = staleSources(path.join(root, "lib"));
  if (stale.length === 0) return;
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", root], { stdio: "pipe" });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    throw new Error(`dist/ is older than ${path.relative(root, stale[0])} and rebuilding it failed:\n${output}`);
  }
}

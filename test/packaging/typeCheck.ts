import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const tsc = path.join(fileURLToPath(new URL("../../", import.meta.url)), "node_modules", "typescript", "bin", "tsc");

/** What the package's own TypeScript compiler reports for the project in `dir`: "" when it type-checks. */
export function typeCheck(dir: string): string {
  try {
    execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

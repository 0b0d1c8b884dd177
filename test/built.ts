import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Tests of what runs in child processes and worker threads use the compiled JavaScript in
 * dist/, as a user would. `npm test` builds it first; a bare `npx vitest` needs `npm run build:ts`.
 */
export const distDir = fileURLToPath(new URL("../dist/", import.meta.url));
export const cliPath = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

if (!existsSync(cliPath)) {
  throw new Error(`${cliPath} is missing: run \`npm run build:ts\` first (\`npm test\` does it for you)`);
}

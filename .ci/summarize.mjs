// Sums the results of every suite CI ran: vitest JSON reports (*.json) and plain counts that
// other steps leave as "<passed> <failed>" in *.count files. Prints one "N passed, N failed" line.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of readdirSync(dir)) {
  const file = path.join(dir, name);
  if (name.endsWith(".json")) {
    const report = JSON.parse(readFileSync(file, "utf8"));
    // A test file that failed with no failing test threw while loading (a missing requirement
    // under MELTYSYNTH_REQUIRE_*, a syntax error): one failure each, however many tests it holds.
    const filesFailedToLoad = (report.testResults ?? []).filter(
      (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
    ).length;
    passed += report.numPassedTests;
    failed += report.numFailedTests + filesFailedToLoad;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (!report.success && report.numFailedTests + filesFailedToLoad === 0) failed += 1; // an error outside any file
  } else if (name.endsWith(".count")) {
    for (const line of readFileSync(file, "utf8").trim().split("\n")) {
      const [p, f] = line.trim().split(/\s+/).map(Number);
      passed += p;
      failed += f;
    }
  }
}
if (passed + failed === 0) failed = 1; // running nothing is a failure, not a pass
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);

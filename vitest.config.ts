import { defineConfig } from "vitest/config";

// Tests that count a real-time audio thread's missed deadlines or time its position: they run
// after everything else, one file at a time, so that no other test takes the cores they measure.
const realTime = ["test/player/realtime.test.ts", "test/player/runningTransport.test.ts"];

export default defineConfig({
  test: {
    setupFiles: ["test/setupBackend.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "suite", include: ["test/**/*.test.ts"], exclude: realTime, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "real time", include: realTime, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});

// @ts-check
/**
 * This process's peak resident memory, in KiB. On Linux it is VmHWM from /proc/self/status:
 * process.resourceUsage().maxRSS is not usable in a child, because Linux carries the high-water
 * mark over fork and exec, so a child of a 60 MB parent reports at least 60 MB.
 */
import { readFileSync } from "node:fs";

export function peakRssKiB() {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: the rusage figure is the best there is.
  }
  return process.resourceUsage().maxRSS;
}

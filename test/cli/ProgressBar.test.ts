import { describe, expect, it } from "vitest";
import { formatClock, ProgressBar } from "../../lib/cli/ProgressBar.js";

describe("ProgressBar", () => {
  it("shows percent, audio seconds, speed and time left", () => {
    const bar = new ProgressBar({ write: () => true, columns: 80 }, 60, () => 0);
    // 15 s of audio in 1 s of wall time: 15x real time, 45 s of audio left take 3 s.
    const line = bar.line(15, 1000);
    expect(line).toMatch(/^\[#{5,}-{10,}\]  25%  15\.0 s of 60\.0 s  15\.0x  0:03 left$/);
    expect(line.length).toBeLessThanOrEqual(80);
  });

  it("gives no time left until the speed has settled", () => {
    const bar = new ProgressBar({ write: () => true, columns: 80 }, 600, () => 0);
    // The first chunk came fast (or slow): no estimate from it.
    expect(bar.line(3, 100)).toMatch(/-:-- left$/);
    expect(bar.line(5, 2000)).toMatch(/-:-- left$/); // under 2 % done
    expect(bar.line(60, 2000)).toMatch(/0:18 left$/);
  });

  it("redraws in place at most ten times a second, and erases itself at the end", () => {
    const writes: string[] = [];
    let now = 0;
    const bar = new ProgressBar({ write: (text: string) => writes.push(text) }, 10, () => now);
    for (now = 0; now < 1000; now += 10) bar.update(now / 100);
    expect(writes.length).toBe(10);
    expect(writes.every((text) => text.startsWith("\r"))).toBe(true);
    bar.finish();
    expect(writes.at(-1)).toBe("\r\x1b[K");
  });

  it("formats durations as a player does", () => {
    expect(formatClock(0)).toBe("0:00");
    expect(formatClock(62.4)).toBe("1:02");
    expect(formatClock(3723)).toBe("1:02:03");
  });
});

import { describe, expect, it } from "vitest";
import "../built.js";
import { chromium, runSelfTestPage } from "../examples/selfTestPage.js";
import { playerBackends } from "./nodeRender.js";

if (chromium === undefined) console.warn("Skipping the player's running transport test: Chromium is absent (apt-get install -y chromium).");

// How far `position` may be from the song time of the frame audible now.
const tolerance = 0.01;

describe.skipIf(chromium === undefined).each(playerBackends)("the player's transport on the %s backend in a running AudioContext", (backend) => {
  it("reports the position of what is audible through play, pause, resume and seek, and stop leaves no voice", async () => {
    const answer = JSON.parse((await runSelfTestPage(`test/player/player-selftest.html?case=runningTransport&backend=${backend}`)).toString());
    const { songStart, playing, paused, resumed, sought } = answer;
    console.log(`running transport on ${backend}: ${JSON.stringify({ songStart, playing, paused, resumed, sought })}`);
    expect(songStart).not.toBeNull();
    // Playing: the song time of the audible frame, from the start its first note-on gives.
    expect(playing.position).toBeGreaterThan(1);
    expect(Math.abs(playing.position - (playing.audible - songStart))).toBeLessThanOrEqual(tolerance);
    // Paused: it stands still while the context runs on.
    expect(paused[1].audible - paused[0].audible).toBeGreaterThan(0.3);
    expect(paused[1].position).toBe(paused[0].position);
    // Resumed: it goes on from there at the context's pace (the pause's quantum of slack aside).
    const pausedFor = resumed.audible - paused[1].audible;
    expect(resumed.position - paused[1].position).toBeGreaterThan(0.5);
    expect(resumed.position - paused[1].position).toBeLessThanOrEqual(pausedFor + tolerance);
    // Sought: from the new place on.
    expect(sought.position).toBeGreaterThan(10.5);
    expect(sought.position).toBeLessThan(10 + (sought.audible - resumed.audible) + tolerance);
    expect(answer.voicesAfterStop).toBe(0);
  });
});

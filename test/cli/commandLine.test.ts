import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../lib/cli/commandLine.js";
import { UsageError } from "../../lib/cli/UsageError.js";

describe("the command line", () => {
  it("reads render's options, short and long", () => {
    const invocation = parseCommandLine([
      "render", "a.mid", "b.mid", "-s", "font.sf2", "-o", "out", "-f", "f32", "-r", "48000",
      "--block-size", "128", "--polyphony", "32", "--no-effects", "--tail", "0.5", "--loop", "2",
      "--backend", "js", "-j", "3", "-q", "--dither",
    ]);
    expect(invocation).toEqual({
      kind: "render",
      args: {
        songs: ["a.mid", "b.mid"],
        soundFont: "font.sf2",
        out: "out",
        format: "f32",
        dither: true,
        sampleRate: 48000,
        blockSize: 128,
        maximumPolyphony: 32,
        enableReverbAndChorus: false,
        tail: 0.5,
        loop: 2,
        backend: "js",
        jobs: 3,
        quiet: true,
        debug: false,
      },
    });
  });

  it("leaves the synthesizer's settings to their defaults when not given", () => {
    const invocation = parseCommandLine(["render"]);
    expect(invocation.kind === "render" && invocation.args).toMatchObject({
      songs: [],
      format: "s16",
      sampleRate: undefined,
      tail: 2,
      loop: 0,
      backend: "auto",
      jobs: undefined,
    });
  });

  it("renders the built-in demo when no command is given", () => {
    expect(parseCommandLine([])).toEqual(parseCommandLine(["render"]));
  });

  it("refuses what it cannot read, naming the option", () => {
    const cases: [string[], RegExp][] = [
      [["render", "--jobs", "0"], /--jobs must be a whole number of at least 1/],
      [["render", "--tail=-1"], /--tail must be a number of seconds/],
      [["render", "--tail", "-1"], /--tail/],
      [["render", "--loop", "1.5"], /--loop must be a whole number/],
      [["render", "--format", "wav"], /--format must be one of s16, f32/],
      [["render", "--soundfont"], /--soundfont/],
      [["render", "--what"], /unknown option '--what'/],
      [["info"], /name a SoundFont or MIDI file/],
      [["mix"], /unknown command 'mix'/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseCommandLine(argv), argv.join(" ")).toThrow(UsageError);
      expect(() => parseCommandLine(argv), argv.join(" ")).toThrow(message);
    }
  });
});

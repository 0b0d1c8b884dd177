import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../lib/cli/commandLine.js";
import { UsageError } from "../../lib/cli/UsageError.js";
import { defaultLimits } from "../../lib/service/ServiceLimits.js";

describe("the command line", () => {
  it("reads render's options, short and long", () => {
    const invocation = parseCommandLine([
      "render", "a.mid", "b.mid", "-s", "font.sf2", "-o", "out", "-f", "f32", "-r", "48000",
      "--block-size", "128", "--polyphony", "32", "--no-effects", "--tail", "0.5", "--loop", "2",
      "--backend", "js", "-j", "3", "-q", "--dither", "--profile", "full", "--interpolation", "cubic",
      "--reverb", "roomSize=0.8, level=0.5", "--chorus", "depth=8",
    ]);
    expect(invocation).toEqual({
      kind: "render",
      args: {
        songs: ["a.mid", "b.mid"],
        soundFonts: [{ file: "font.sf2", bankOffset: 0 }],
        out: "out",
        format: "f32",
        channels: 2,
        dither: true,
        gain: 0,
        normalize: false,
        sampleRate: 48000,
        blockSize: 128,
        maximumPolyphony: 32,
        enableReverbAndChorus: false,
        tail: 0.5,
        loop: 2,
        backend: "js",
        profile: "full",
        interpolation: "cubic",
        reverb: { roomSize: 0.8, level: 0.5 },
        chorus: { depth: 8 },
        jobs: 3,
        quiet: true,
        verbose: false,
        debug: false,
        start: undefined,
        end: undefined,
      },
    });
  });

  it("takes --soundfont more than once, in order, each with an optional @OFFSET", () => {
    const invocation = parseCommandLine(["render", "a.mid", "-s", "gm.sf2", "--soundfont", "drums@2024.sf2@1", "-s", "solo.sf3@-3"]);
    expect(invocation.kind === "render" && invocation.args.soundFonts).toEqual([
      { file: "gm.sf2", bankOffset: 0 },
      { file: "drums@2024.sf2", bankOffset: 1 },
      { file: "solo.sf3", bankOffset: -3 },
    ]);
    expect(parseCommandLine(["render"])).toMatchObject({ args: { soundFonts: [] } });
  });

  it("leaves the synthesizer's settings to their defaults when not given", () => {
    const invocation = parseCommandLine(["render"]);
    expect(invocation.kind === "render" && invocation.args).toMatchObject({
      songs: [],
      format: undefined,
      channels: 2,
      gain: 0,
      normalize: false,
      sampleRate: undefined,
      tail: "auto",
      loop: 0,
      backend: "auto",
      profile: "meltysynth",
      interpolation: "linear",
      reverb: undefined,
      chorus: undefined,
      jobs: undefined,
    });
  });

  it("takes negative numbers as values, and reads the new render options", () => {
    const invocation = parseCommandLine(["render", "a.mid", "--gain", "-6", "--channels", "1", "--tail", "3", "--verbose", "-f", "flac"]);
    expect(invocation.kind === "render" && invocation.args).toMatchObject({ gain: -6, channels: 1, tail: 3, verbose: true, format: "flac" });
    const normalized = parseCommandLine(["render", "a.mid", "--normalize", "--tail", "auto"]);
    expect(normalized.kind === "render" && normalized.args).toMatchObject({ gain: 0, normalize: true, tail: "auto" });
  });

  it("renders the built-in demo when no command is given", () => {
    expect(parseCommandLine([])).toEqual(parseCommandLine(["render"]));
  });

  it("refuses what it cannot read, naming the option", () => {
    const cases: [string[], RegExp][] = [
      [["render", "--jobs", "0"], /--jobs must be a whole number of at least 1/],
      [["render", "--tail=-1"], /--tail must be auto or a number of seconds, 0 or more, got '-1'/],
      [["render", "--tail", "-1"], /--tail must be auto or a number of seconds, 0 or more, got '-1'/],
      [["render", "--tail", "soon"], /--tail must be auto or a number of seconds/],
      [["render", "--gain", "loud"], /--gain must be a number of decibels/],
      [["render", "--gain", "-6", "--normalize"], /--gain and --normalize cannot be combined/],
      [["render", "--channels", "6"], /--channels must be one of 1, 2/],
      [["render", "-s"], /^--soundfont \(-s\) needs a value: a SoundFont file, e\.g\. --soundfont font\.sf2$/],
      [["render", "a.mid", "--out"], /^--out \(-o\) needs a value/],
      [["render", "--loop", "1.5"], /--loop must be a whole number/],
      [["render", "--format", "wav"], /--format must be one of s16, s24, f32, flac, flac24, mp3/],
      [["render", "--soundfont"], /--soundfont/],
      [["render", "--what"], /unknown option '--what'/],
      [["render", "--backend", "gpu"], /^--backend must be one of auto, native, wasm, js, got 'gpu'$/],
      [["render", "--profile", "gs"], /^--profile must be one of meltysynth, full, got 'gs'$/],
      [["render", "--backend"], /^--backend needs a value: one of auto, native, wasm, js$/],
      [["render", "--start"], /^--start needs a value: seconds into the song, e\.g\. --start 30$/],
      [["render", "--soundfont", "--dither"], /^--soundfont \(-s\) needs a value/],
      [["render", "--dither=yes"], /^--dither takes no value, got '--dither=yes'$/],
      [["serve", "--fonts", "x", "--port", "http"], /^--port must be a port number up to 65535 \(0: any free port\), got 'http'$/],
      [["info"], /name a SoundFont or MIDI file/],
      [["mix"], /unknown command 'mix'/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseCommandLine(argv), argv.join(" ")).toThrow(UsageError);
      expect(() => parseCommandLine(argv), argv.join(" ")).toThrow(message);
    }
  });

  it("reads each command's defaults from its table", () => {
    const serve = parseCommandLine(["serve", "--fonts", "soundfonts"]);
    expect(serve.kind === "serve" && serve.args).toEqual({
      fonts: "soundfonts",
      port: 8080,
      host: "127.0.0.1",
      concurrency: undefined,
      queue: undefined,
      backend: "auto",
      token: undefined,
      limits: defaultLimits,
      debug: false,
    });
    const worker = parseCommandLine(["worker", "--queue", "redis://127.0.0.1:6379", "--fonts", "soundfonts", "-j", "2", "--backend", "js"]);
    expect(worker).toEqual({
      kind: "worker",
      args: { queue: "redis://127.0.0.1:6379", fonts: "soundfonts", concurrency: 2, backend: "js", debug: false },
    });
  });

  it("answers --help before it checks the values, and takes - as a value (standard output)", () => {
    expect(parseCommandLine(["render", "--gain", "loud", "--help"])).toMatchObject({ kind: "help" });
    expect(parseCommandLine(["serve", "--help"])).toMatchObject({ kind: "help" });
    const toStdout = parseCommandLine(["render", "a.mid", "--out", "-"]);
    expect(toStdout.kind === "render" && toStdout.args.out).toBe("-");
  });

  it("answers an unknown option with the nearest option of its command, when one is near enough to be meant", () => {
    const suggested: [string[], string][] = [
      [["render", "--samplerate", "48000"], "unknown option '--samplerate' (did you mean --sample-rate?)"],
      [["render", "--samplerate=48000"], "unknown option '--samplerate' (did you mean --sample-rate?)"],
      [["render", "--gian", "3"], "unknown option '--gian' (did you mean --gain?)"],
      [["render", "--quite"], "unknown option '--quite' (did you mean --quiet?)"],
      [["render", "--Normalize"], "unknown option '--Normalize' (did you mean --normalize?)"],
      [["serve", "--font", "soundfonts"], "unknown option '--font' (did you mean --fonts?)"],
      [["serve", "--fonts", "x", "--max-song-secs", "60"], "unknown option '--max-song-secs' (did you mean --max-song-seconds?)"],
      [["worker", "--concurency", "2"], "unknown option '--concurency' (did you mean --concurrency?)"],
      [["info", "--debgu", "a.mid"], "unknown option '--debgu' (did you mean --debug?)"],
      [["--verison"], "unknown option '--verison' (did you mean --version?)"],
      [["rendr"], "unknown command 'rendr' (did you mean render?)"],
      // Nothing near enough: no guess.
      [["render", "--what"], "unknown option '--what'"],
      [["render", "--fonts", "x"], "unknown option '--fonts'"],
      [["render", "--samples"], "unknown option '--samples'"],
      [["render", "-x"], "unknown option '-x'"],
      [["mix"], "unknown command 'mix'"],
    ];
    for (const [argv, message] of suggested) {
      let error: unknown;
      try {
        parseCommandLine(argv);
      } catch (thrown) {
        error = thrown;
      }
      expect(error, argv.join(" ")).toBeInstanceOf(UsageError);
      expect((error as UsageError).message, argv.join(" ")).toBe(message);
      expect((error as UsageError).command, argv.join(" ")).toBe(["render", "serve", "worker", "info"].includes(argv[0]) ? argv[0] : undefined);
    }
  });
});

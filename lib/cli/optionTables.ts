import { audioFormats } from "../io/AudioFormat.js";
import { opusBitRates } from "../io/OpusEncoder.js";
import { partDivisions } from "../io/songParts.js";
import { defaultLimits } from "../service/ServiceLimits.js";
import { SynthesizerSettings, type BackendChoice, type Interpolation, type Profile } from "../synth/SynthesizerSettings.js";
import { flag, option } from "./OptionTable.js";
import { decibels, effectSettings, fontInStack, nonEmptyText, oneOf, portNumber, secondsAbove0, secondsIntoSong, tailLength, text, wholeNumber } from "./valueKinds.js";

/*
 * Each command's options, one row each: its names, its value's kind (which checks it), the hint
 * when its value is missing, and its help line. `--help`, the parser and every refusal of an
 * option come from these rows. A default, and whether an option is required, show in `--help`
 * by themselves.
 */

/** `list`, refused by the compiler unless it holds every member of `T`: a new backend or profile cannot be forgotten here. */
function every<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never)): readonly T[] => list;
}

const backends = every<BackendChoice>()(["auto", "native", "wasm", "js"]);
const profiles = every<Profile>()(["meltysynth", "full"]);
const interpolations = every<Interpolation>()(["linear", "cubic", "sinc"]);
const synthesizerDefaults = new SynthesizerSettings();

const everyCommand = {
  debug: flag("show stack traces for errors"),
  help: flag("show this help", "h"),
};

const backendOption = option(oneOf(backends), {
  placeholder: "B",
  hint: `one of ${backends.join(", ")}`,
  help: "the block renderer: native (SIMD C++), wasm (the same C++ as WebAssembly SIMD), js (plain JavaScript), or auto (native where it loads, else wasm)",
  default: "auto",
});

export const renderOptions = {
  soundfont: option(fontInStack, {
    short: "s",
    placeholder: "FONT.sf2",
    hint: "a SoundFont file, e.g. --soundfont font.sf2",
    help: "the SoundFont (SF2, SF3 or DLS) to play the songs with; give it again for more fonts, later ones taking the presets they share, and FONT.sf2@N to move a font's banks by N",
    multiple: true,
  }),
  out: option(text, {
    short: "o",
    placeholder: "FILE|-",
    hint: "a file, a folder, or - for standard output",
    help: "where to write: a file, or - for standard output (several songs, or --stems: a folder); default: the song's name with the format's extension, in the current folder",
  }),
  stems: option(oneOf(partDivisions), {
    placeholder: "[channel|track]",
    hint: `one of ${partDivisions.join(", ")}`,
    help: "write one file per MIDI channel that plays (per track chunk with --stems track), named by its number and preset, into the folder --out names (default: the song's name and -stems), created if missing; they add up to the full mix",
    bare: "channel",
  }),
  format: option(oneOf(audioFormats), {
    short: "f",
    placeholder: "F",
    hint: `one of ${audioFormats.join(", ")}`,
    help: "s16, s24 or f32 (16-bit, 24-bit or float WAV), flac or flac24 (16- or 24-bit FLAC), mp3 (192 kb/s), opus (Ogg Opus, rendered at 48 kHz); default: from --out's extension (.wav .flac .mp3 .opus), else s16",
  }),
  bitrate: option(wholeNumber(opusBitRates.lowest), {
    short: "b",
    placeholder: "KBPS",
    hint: `kbit/s from ${opusBitRates.lowest} to ${opusBitRates.highest}, e.g. --bitrate 96`,
    help: `Opus only: kbit/s for all channels together, ${opusBitRates.lowest} to ${opusBitRates.highest} (default ${opusBitRates.default})`,
  }),
  channels: option(oneOf(["1", "2"]), {
    short: "c",
    placeholder: "1|2",
    hint: "1 or 2",
    help: "1 for mono, the mean of both channels",
    default: "2",
  }),
  gain: option(decibels, {
    short: "g",
    placeholder: "DB",
    hint: "decibels, e.g. --gain -6",
    help: "amplify, or (negative) attenuate, by DB decibels",
    default: 0,
  }),
  normalize: flag("scale to a peak of -1 dBFS, so that nothing clips (renders the song twice)"),
  dither: flag("add TPDF dither when writing 16- or 24-bit samples"),
  "sample-rate": option(wholeNumber(1), {
    short: "r",
    placeholder: "N",
    hint: "samples per second, e.g. --sample-rate 48000",
    help: `samples per second (default ${synthesizerDefaults.sampleRate}; 48000 for Opus, which also takes 8000, 12000, 16000 and 24000)`,
  }),
  "block-size": option(wholeNumber(1), {
    placeholder: "N",
    hint: "frames per block, e.g. --block-size 64",
    help: `frames per synthesizer block (default ${synthesizerDefaults.blockSize})`,
  }),
  polyphony: option(wholeNumber(1), {
    placeholder: "N",
    hint: "a number of voices, e.g. --polyphony 128",
    help: `most voices at once (default ${synthesizerDefaults.maximumPolyphony})`,
  }),
  "no-effects": flag("turn reverb and chorus off"),
  tail: option(tailLength, {
    placeholder: "auto|SECONDS",
    hint: "auto or seconds, e.g. --tail 4",
    help: "after the last event: auto renders until the output has stayed below -90 dBFS for 100 ms, at most 30 s; a number: that many seconds",
    default: "auto",
  }),
  loop: option(wholeNumber(0), {
    placeholder: "N",
    hint: "a number of repeats, e.g. --loop 1",
    help: "play the song N more times",
    default: 0,
  }),
  start: option(secondsIntoSong, {
    placeholder: "SECONDS",
    hint: "seconds into the song, e.g. --start 30",
    help: "render from this point of the song (instruments and controllers are set as they are there)",
  }),
  end: option(secondsIntoSong, {
    placeholder: "SECONDS",
    hint: "seconds into the song, e.g. --end 45",
    help: "stop the song here: its notes are released and the tail follows",
  }),
  backend: backendOption,
  profile: option(oneOf(profiles), {
    placeholder: "P",
    hint: `one of ${profiles.join(", ")}`,
    help: "meltysynth (MeltySynth's sound, bit for bit) or full (SoundFont 2.04 modulators, pressure, sostenuto, portamento, GM/GS/XG system exclusive)",
    default: "meltysynth",
  }),
  interpolation: option(oneOf(interpolations), {
    placeholder: "I",
    hint: `one of ${interpolations.join(", ")}`,
    help: "linear (MeltySynth's), cubic (4-point, as FluidSynth's default: fewer aliases far from a sample's pitch) or sinc (8-point windowed sinc: fewer still, slower)",
    default: "linear",
  }),
  reverb: option(effectSettings, {
    placeholder: "K=V,...",
    hint: "settings, e.g. --reverb roomSize=0.8,level=0.5",
    help: "the reverb: roomSize 0-1 (0.5), damping 0-1 (0.5), width 0-100 (1), level 0-1 (0.333); FluidSynth's synth.reverb.*",
  }),
  chorus: option(effectSettings, {
    placeholder: "K=V,...",
    hint: "settings, e.g. --chorus depth=8,speed=0.3",
    help: "the chorus: voices 0-99 (1), level 0-10 (1), speed 0.1-5 Hz (0.4), depth 0-256 ms (3.8); FluidSynth's synth.chorus.*",
  }),
  jobs: option(wholeNumber(1), {
    short: "j",
    placeholder: "N",
    hint: "a number of songs at once, e.g. --jobs 2",
    help: "songs rendered at once, in worker threads (default: one per CPU core)",
  }),
  quiet: flag("print nothing but errors", "q"),
  verbose: flag("add the peak memory to the summary"),
  ...everyCommand,
};

export const infoOptions = everyCommand;

const fonts = { placeholder: "DIR", hint: "a folder of SoundFonts, e.g. --fonts /srv/soundfonts" };

export const serveOptions = {
  fonts: option(text, { ...fonts, help: "the folder of SoundFonts to serve", required: "a folder of SoundFonts (.sf2, .sf3) to serve" }),
  port: option(portNumber, {
    short: "p",
    placeholder: "N",
    hint: "a port number, e.g. --port 8080 (0: any free port)",
    help: "the port to listen on; 0: any free port",
    default: 8080,
  }),
  host: option(text, {
    placeholder: "H",
    hint: "an address to listen on, e.g. --host 0.0.0.0",
    help: "the address to listen on; 127.0.0.1 is this machine only",
    default: "127.0.0.1",
  }),
  concurrency: option(wholeNumber(1), {
    short: "j",
    placeholder: "N",
    hint: "a number of render threads, e.g. --concurrency 4",
    help: "render threads (default: one per CPU core)",
  }),
  backend: { ...backendOption, help: `${backendOption.help}; with --queue, each worker's own --backend decides` },
  queue: option(text, {
    placeholder: "URL",
    hint: "a Redis URL, e.g. --queue redis://127.0.0.1:6379",
    help: "put every render on the Redis queue at URL (redis://HOST:PORT) for workers to take",
  }),
  token: option(nonEmptyText, {
    placeholder: "T",
    hint: "a secret that clients send as 'Authorization: Bearer <token>'",
    help: "require 'Authorization: Bearer T' (except on /health); also read from MELTYSYNTH_TOKEN",
  }),
  "max-midi-bytes": option(wholeNumber(1), {
    placeholder: "N",
    hint: "a number of bytes, e.g. --max-midi-bytes 1048576",
    help: "larger MIDI files are refused with 413",
    default: defaultLimits.maxMidiBytes,
  }),
  "max-song-seconds": option(secondsAbove0, {
    placeholder: "S",
    hint: "seconds, e.g. --max-song-seconds 600",
    help: "longer renders (the song or section plus a fixed tail) are refused with 422",
    default: defaultLimits.maxSongSeconds,
  }),
  "max-render-seconds": option(secondsAbove0, {
    placeholder: "S",
    hint: "seconds, e.g. --max-render-seconds 120",
    help: "renders that take longer are stopped: 422",
    default: defaultLimits.maxRenderSeconds,
  }),
  "max-queue": option(wholeNumber(1), {
    placeholder: "N",
    hint: "a number of waiting renders, e.g. --max-queue 32",
    help: "renders that may wait; more are refused with 503 and Retry-After",
    default: defaultLimits.maxQueue,
  }),
  "result-ttl": option(secondsAbove0, {
    placeholder: "S",
    hint: "seconds, e.g. --result-ttl 3600",
    help: "seconds a job's status and audio are kept after it finishes",
    default: defaultLimits.resultTtlSeconds,
  }),
  "max-result-bytes": option(wholeNumber(1), {
    placeholder: "N",
    hint: "a number of bytes, e.g. --max-result-bytes 134217728",
    help: "with --queue: the largest audio a worker returns through Redis; larger renders fail with 422",
    default: defaultLimits.maxResultBytes,
  }),
  "request-timeout": option(secondsAbove0, {
    placeholder: "S",
    hint: "seconds, e.g. --request-timeout 60",
    help: "time to send a whole request",
    default: defaultLimits.requestTimeoutSeconds,
  }),
  "idle-timeout": option(secondsAbove0, {
    placeholder: "S",
    hint: "seconds, e.g. --idle-timeout 5",
    help: "how long an idle connection stays open",
    default: defaultLimits.idleTimeoutSeconds,
  }),
  ...everyCommand,
};

export const workerOptions = {
  queue: option(text, {
    placeholder: "URL",
    hint: "a Redis URL, e.g. --queue redis://127.0.0.1:6379",
    help: "the Redis server (redis://HOST:PORT)",
    required: "the Redis server whose jobs to take, e.g. --queue redis://127.0.0.1:6379",
  }),
  fonts: option(text, { ...fonts, help: "the folder of SoundFonts", required: "the folder of SoundFonts the server was started with" }),
  concurrency: option(wholeNumber(1), {
    short: "j",
    placeholder: "N",
    hint: "a number of jobs at once, e.g. --concurrency 4",
    help: "jobs rendered at once, each on a thread (default: one per CPU core)",
  }),
  backend: backendOption,
  ...everyCommand,
};

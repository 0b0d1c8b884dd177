// A DLS bank wherever the API takes a SoundFont: an RMIDI song that carries one, the command
// line's render and info, and the render service's font folder.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinSoundFont, MidiFile, MidiFileSequencer, SoundFont, soundFontForSong, Synthesizer, writeSoundFont } from "../../lib/io/index.js";
import { FontLibrary } from "../../lib/service/FontLibrary.js";
import { cliPath } from "../built.js";
import { firstDifference } from "../fixtures.js";
import { shortSong } from "../io/songs.js";
import { ascii, chunk, dlsBank, instrument, le16, list } from "./dlsBuilder.js";

const song = shortSong(3);
const bank = dlsBank([instrument({ name: "Saw lead", program: 0 })]);
const rmidi = (carried: Uint8Array): Uint8Array =>
  Uint8Array.from(chunk("RIFF", [...ascii("RMID"), ...chunk("data", song), ...list("INFO", chunk("DBNK", le16(0))), ...Array.from(carried)]));

function render(midi: MidiFile, font: SoundFont): Float32Array {
  const sequencer = new MidiFileSequencer(new Synthesizer(font, { sampleRate: 22050 }));
  sequencer.play(midi, false);
  const out = new Float32Array(2 * 22050 * 2);
  sequencer.renderInterleaved(out);
  return out;
}

const energy = (samples: Float32Array): number => samples.reduce((sum, x) => sum + x * x, 0);

describe("DLS banks across the API", () => {
  it("load through SoundFont.load and SoundFont.fromFile as through the constructor", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-dls-"));
    writeFileSync(path.join(dir, "bank.dls"), bank);
    const names = (font: SoundFont): string[] => font.presets.map((p) => p.name);
    expect(names(await SoundFont.load(bank))).toEqual(["Saw lead"]);
    expect(names(SoundFont.fromFile(path.join(dir, "bank.dls")))).toEqual(["Saw lead"]);
  });

  it("play an RMIDI song with the DLS bank it carries (bank offset 0), alone or laid over a given font", () => {
    const file = new MidiFile(rmidi(bank));
    expect(file.embeddedSoundBank?.format).toBe("dls");
    expect(file.embeddedSoundBank?.bankOffset).toBe(0);
    const carried = soundFontForSong(file);
    expect(carried.findPreset(0, 0)?.name).toBe("Saw lead");
    const over = soundFontForSong(file, builtinSoundFont());
    expect(over.findPreset(0, 0)?.name).toBe("Saw lead");
    expect(over.findPreset(0, 40)?.name).toBe(builtinSoundFont().findPreset(0, 40)?.name);
    const withCarried = render(file, carried);
    expect(energy(withCarried)).toBeGreaterThan(1);
    expect(firstDifference(withCarried, render(new MidiFile(song), new SoundFont(bank)))).toBe(-1);
  });

  it("are rendered and described by the command line, alone and carried by an RMIDI song", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-dls-"));
    writeFileSync(path.join(dir, "song.mid"), song);
    writeFileSync(path.join(dir, "bank.dls"), bank);
    writeFileSync(path.join(dir, "tune.rmi"), rmidi(bank));
    const run = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd: dir });
    for (const args of [["song.mid", "--soundfont", "bank.dls", "--out", "dls.wav"], ["tune.rmi", "--out", "rmi.wav"], ["song.mid", "--out", "builtin.wav"]]) {
      const result = run("render", ...args, "-q");
      expect(result.status, result.stderr.toString()).toBe(0);
    }
    const wav = (name: string): Buffer => readFileSync(path.join(dir, name));
    expect(wav("rmi.wav").equals(wav("dls.wav"))).toBe(true);
    expect(wav("dls.wav").equals(wav("builtin.wav"))).toBe(false);
    const info = run("info", "bank.dls", "tune.rmi");
    expect(info.status, info.stderr.toString()).toBe(0);
    const text = info.stdout.toString();
    expect(text).toMatch(/^bank\.dls: DLS bank\n {2}Name: {8}Test bank\n/);
    expect(text).not.toContain("Engine:");
    expect(text).toContain("  Format:      DLS (read as a SoundFont: one preset per instrument)\n");
    expect(text).toContain("    000:000  Saw lead\n");
    expect(text).toMatch(/ {2}Bank: {8}DLS, [\d.]+ \w+, bank offset 0\n/);
    const refused = run("render", "bank.dls", "-q");
    expect(refused.status).not.toBe(0);
    expect(refused.stderr.toString()).toContain("this is a SoundFont, not a song");
  });

  it("are listed by the render service's font folder", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "meltysynth-fonts-"));
    writeFileSync(path.join(dir, "bank.dls"), bank);
    writeFileSync(path.join(dir, "gm.sf2"), writeSoundFont(builtinSoundFont()));
    const library = FontLibrary.load(dir);
    expect(library.names).toEqual(["bank.dls", "gm.sf2"]);
    expect(library.summaries[0]).toMatchObject({ name: "bank.dls", format: "DLS", presets: [{ bank: 0, program: 0, name: "Saw lead" }] });
  });
});

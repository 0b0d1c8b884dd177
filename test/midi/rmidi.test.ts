// RMIDI files: the song inside RIFF 'RMID', its INFO texts, the bank it carries and the bank
// offset (DBNK); played with the carried bank as spessasynth_core writes them.
import { BasicMIDI, SoundBankLoader } from "spessasynth_core";
import { describe, expect, it } from "vitest";
import { builtinSoundFont, MidiFile, MidiFileError, MidiFileSequencer, SoundFont, soundFontForSong, writeSoundFont } from "../../lib/index.js";
import type { Profile } from "../../lib/synth/SynthesizerSettings.js";
import { Synthesizer } from "../../lib/synth/Synthesizer.js";
import { firstDifference, hasFixtures, readFixture } from "../fixtures.js";
import { shortSong } from "../io/songs.js";

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const le32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const chunk = (id: string, body: ArrayLike<number>): number[] => [...ascii(id), ...le32(body.length), ...Array.from(body), ...(body.length & 1 ? [0] : [])];
const rmid = (...chunks: number[][]): Uint8Array => Uint8Array.from(chunk("RIFF", [...ascii("RMID"), ...chunks.flat()]));

const song = shortSong(2);
const bank = writeSoundFont(builtinSoundFont());

describe("RMIDI files", () => {
  it("read as their song, with their INFO texts, their bank and its offset", () => {
    const file = new MidiFile(rmid(chunk("data", song), chunk("LIST", [...ascii("INFO"), ...chunk("INAM", ascii("Tune\0")), ...chunk("DBNK", [2, 0])]), Array.from(bank)));
    const plain = new MidiFile(song);
    expect([...file.events()]).toEqual([...plain.events()]);
    expect(file.rmidiInfo).toEqual({ INAM: "Tune" });
    expect(file.embeddedSoundBank?.format).toBe("sf2");
    expect(file.embeddedSoundBank?.bankOffset).toBe(2);
    expect(Buffer.from(file.embeddedSoundBank!.bytes).equals(Buffer.from(bank))).toBe(true);
    expect(plain.embeddedSoundBank).toBeUndefined();
    expect(plain.rmidiInfo).toEqual({});
  });

  it("take a SoundFont's offset as 1 when DBNK is missing, and 0 without a bank", () => {
    expect(new MidiFile(rmid(chunk("data", song), Array.from(bank))).embeddedSoundBank?.bankOffset).toBe(1);
    expect(new MidiFile(rmid(chunk("data", song))).embeddedSoundBank).toBeUndefined();
  });

  it.each([
    ["another RIFF form", Uint8Array.from(chunk("RIFF", [...ascii("WAVE"), ...chunk("data", song)])), /at byte 8: a RIFF file of form 'WAVE', not an RMIDI file/],
    ["no data chunk", rmid(chunk("LIST", ascii("INFO"))), /at byte 12: an RMIDI file without its 'data' chunk/],
    ["a chunk past the end", rmid(chunk("data", song)).subarray(0, 40), /at byte 12: chunk 'data' of \d+ bytes runs past its end \(20 bytes left\)/],
    ["a song cut short inside", rmid(chunk("data", song.subarray(0, 30))), /track 0 at byte \d+/],
    ["a RIFF header cut short", Uint8Array.from(ascii("RIFF\x04\0\0\0RM")), /ends inside its RIFF header/],
    ["a bank offset no bank select reaches", rmid(chunk("data", song), chunk("LIST", [...ascii("INFO"), ...chunk("DBNK", [0, 1])])), /at byte \d+: the bank offset \(DBNK\) is 256, above 127/],
  ])("refuse %s with a MidiFileError saying where", (_, bytes, message) => {
    let error: unknown;
    try {
      new MidiFile(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MidiFileError);
    expect((error as Error).message).toMatch(message);
  });

  it("play with their bank laid over the one given: its melodic banks moved by the offset, its kits where they are", () => {
    const file = new MidiFile(rmid(chunk("data", song), chunk("LIST", [...ascii("INFO"), ...chunk("DBNK", [1, 0])]), Array.from(bank)));
    const main = new SoundFont(bank);
    const font = soundFontForSong(file, main);
    const piano = main.findPreset(0, 0)!.name;
    expect(font.findPreset(1, 0)?.name).toBe(piano); // the carried font's 0:0, at bank 1
    expect(font.findPreset(128, 0)?.name).toBe(main.findPreset(128, 0)!.name);
    expect(soundFontForSong(new MidiFile(song), main)).toBe(main);
    expect(() => soundFontForSong(new MidiFile(song))).toThrow(/carries no SoundFont/);
  });
});

describe.skipIf(!hasFixtures)("RMIDI files spessasynth_core writes around TimGM6mb.sf2", () => {
  const sf2 = hasFixtures ? readFixture("soundfonts", "TimGM6mb.sf2") : new Uint8Array(0);
  const smf = hasFixtures ? readFixture("midi", "5432gone_redfarn.mid") : new Uint8Array(0);
  const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const write = (bankOffset: number): MidiFile => {
    const options = bankOffset === 0 ? { bankOffset, correctBankOffset: false } : { bankOffset, soundBank: SoundBankLoader.fromArrayBuffer(buffer(sf2)) };
    return new MidiFile(new Uint8Array(BasicMIDI.fromArrayBuffer(buffer(smf)).writeRMIDI(buffer(sf2), options)));
  };
  const render = (midi: MidiFile, font: SoundFont, profile: Profile): Float32Array => {
    const sequencer = new MidiFileSequencer(new Synthesizer(font, { profile }));
    sequencer.play(midi, false);
    const out = new Float32Array(20 * 44100);
    sequencer.render(out, new Float32Array(out.length));
    return out;
  };

  it.each(["meltysynth", "full"] as const)("with offsets 0 and 1 and no other font, render the song as TimGM6mb.sf2 does (%s profile)", (profile) => {
    const expected = render(new MidiFile(smf), new SoundFont(sf2), profile);
    for (const offset of [0, 1]) {
      const file = write(offset);
      expect(file.embeddedSoundBank?.bankOffset).toBe(offset);
      expect(firstDifference(render(file, soundFontForSong(file), profile), expected), `offset ${offset}: first sample that differs`).toBe(-1);
    }
  });
});

if (!hasFixtures) console.warn("Skipping the RMIDI renders against TimGM6mb: the shared fixtures are absent.");

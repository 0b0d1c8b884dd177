import { writeSoundFont } from "../../../lib/index.js";
// new SoundFont() takes SF3 where Node's synchronous Vorbis decoder is registered.
import "../../../lib/io/vorbisModuleSync.js";
import { oggCrc } from "../../../lib/soundfont/OggStream.js";
import { existsSync } from "node:fs";
import { fixture, hasFixtures, readFixture } from "../../fixtures.js";
import { tinyModel } from "../../soundfont/tinyModel.js";
import { generatedSong } from "../generatedSong.js";
import { SoundBankLoader } from "spessasynth_core";
import { art, chunk, dlsBank, fmt, instrument, list, region, wave16, wsmp } from "../../soundfont/dlsBuilder.js";
import { dlsLayout } from "./dlsLayout.js";
import type { Target } from "./mutate.js";
import { midiLayout } from "./midiLayout.js";
import { rmidiLayout } from "./rmidiLayout.js";
import { sf2Layout } from "./sf2Layout.js";

export const songNames = ["5432gone_redfarn.mid", "slow_neasy_redfarn.mid", "boogi_marabi_redfarn.mid"];

/**
 * The files the fuzzer mutates: the shared SoundFont and songs when the fixtures are there,
 * and always a SoundFont and a song built in code.
 */
export function fuzzTargets(): Target[] {
  const targets: Target[] = [];
  const sf2 = (name: string, bytes: Uint8Array): void => {
    targets.push({ name, format: "sf2", bytes, layout: sf2Layout(bytes) });
  };
  const midi = (name: string, bytes: Uint8Array): void => {
    targets.push({ name, format: "midi", bytes, layout: midiLayout(bytes) });
  };
  if (hasFixtures) {
    // Copies: the fuzzer writes into its working copy, and a Buffer from readFileSync may share memory.
    sf2("TimGM6mb.sf2", Uint8Array.from(readFixture("soundfonts", "TimGM6mb.sf2")));
    for (const name of songNames) midi(name, Uint8Array.from(readFixture("midi", name)));
    if (existsSync(fixture("soundfonts", "TimGM6mb.sf3"))) {
      const sf3 = Uint8Array.from(readFixture("soundfonts", "TimGM6mb.sf3"));
      sf2("TimGM6mb.sf3", sf3);
      targets.push({ name: "TimGM6mb.sf3 (Ogg checksums repaired)", format: "sf2", bytes: sf3.slice(), layout: sf2Layout(sf3), repair: repairOggChecksums });
    }
  }
  sf2("tiny.sf2 (code-built)", writeSoundFont(tinyModel()));
  // DLS banks are read by the same constructor, so they are exercised as SoundFonts are.
  const dls = (name: string, bytes: Uint8Array): void => {
    targets.push({ name, format: "sf2", bytes, layout: dlsLayout(bytes) });
  };
  dls("tiny.dls (tiny.sf2 written by spessasynth_core)", spessasynthDls(writeSoundFont(tinyModel())));
  dls("small.dls (code-built, DLS 1 and 2)", smallDls());
  midi("generated.mid (code-built)", generatedSong());
  const rmidi = rmidiOf(generatedSong(), writeSoundFont(tinyModel()));
  targets.push({ name: "generated.rmi (code-built, carrying tiny.sf2)", format: "midi", bytes: rmidi, layout: rmidiLayout(rmidi) });
  const rmidiDls = rmidiOf(generatedSong(), smallDls());
  targets.push({ name: "generated.rmi (code-built, carrying small.dls)", format: "midi", bytes: rmidiDls, layout: rmidiLayout(rmidiDls) });
  return targets;
}

/**
 * Gives every whole Ogg page in the file a right checksum, so that a mutation inside a stream
 * reaches the Vorbis decoder instead of stopping at the checksum.
 */
function repairOggChecksums(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 27 <= bytes.length; at++) {
    if (bytes[at] !== 0x4f || bytes[at + 1] !== 0x67 || bytes[at + 2] !== 0x67 || bytes[at + 3] !== 0x53) continue;
    const segments = bytes[at + 26];
    if (at + 27 + segments > bytes.length) continue;
    let length = 27 + segments;
    for (let s = 0; s < segments; s++) length += bytes[at + 27 + s];
    if (at + length > bytes.length) continue;
    const page = bytes.subarray(at, at + length);
    const stored = view.getUint32(at + 22, true);
    view.setUint32(at + 22, 0, true);
    const crc = oggCrc(page);
    view.setUint32(at + 22, crc === stored ? stored : crc, true);
    at += length - 1;
  }
}

/** An RMIDI file: the song, an INFO list with a name and a bank offset of 1, and the SoundFont. */
function rmidiOf(song: Uint8Array, soundFont: Uint8Array): Uint8Array {
  const chunk = (id: string, body: readonly number[]): number[] => {
    const size = body.length;
    return [...[...id].map((c) => c.charCodeAt(0)), size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, size >>> 24, ...body, ...(size & 1 ? [0] : [])];
  };
  const info = chunk("LIST", [..."INFO"].map((c) => c.charCodeAt(0)).concat(chunk("INAM", [..."Song\0"].map((c) => c.charCodeAt(0))), chunk("DBNK", [1, 0])));
  return Uint8Array.from(chunk("RIFF", [..."RMID"].map((c) => c.charCodeAt(0)).concat(chunk("data", Array.from(song)), info, Array.from(soundFont))));
}

/** A DLS bank as spessasynth_core's writeDLS makes it from an SF2. */
function spessasynthDls(sf2: Uint8Array): Uint8Array {
  const bank = SoundBankLoader.fromArrayBuffer(sf2.buffer.slice(sf2.byteOffset, sf2.byteOffset + sf2.byteLength) as ArrayBuffer);
  return new Uint8Array(bank.writeDLS());
}

/**
 * A DLS bank with what spessasynth_core does not write: 8-bit and A-law waves, DLS 1's art1 at
 * instrument level, a region's own wsmp and lar2, a drum kit, key groups and velocity ranges.
 */
function smallDls(): Uint8Array {
  const pcm8 = list("wave", fmt(8), wsmp(64, 10, -30, { start: 4, length: 40 }), chunk("data", Array.from({ length: 60 }, (_, i) => (i * 37) & 0xff)));
  const aLaw = list("wave", fmt(8, 8000, 6), chunk("data", Array.from({ length: 60 }, (_, i) => (i * 91) & 0xff)));
  const lart = list("lart", art("art1", [
    { source: 0x0001, control: 0x0081, destination: 0x0003, scale: 50 },
    { destination: 0x0206, scale: -1200 },
    { destination: 0x020a, scale: 700 },
    { source: 0x0002, destination: 0x0001, transform: 1, scale: -960 },
  ]));
  const lar2 = list("lar2", art("art2", [
    { source: 0x0003, destination: 0x0207, scale: -1280 },
    { source: 0x0005, destination: 0x0500, scale: 2400 },
    { destination: 0x0500, scale: 7000 },
    { source: 0x0009, control: 0x0008, destination: 0x0003, transform: 0x4000, scale: 30 },
    { source: 0x0087, destination: 0x0004, transform: 0x4000, scale: 100 },
  ]));
  return dlsBank(
    [
      instrument({ name: "Lead", program: 80, regions: [region({ keys: [0, 63], tableIndex: 0 }), region({ keys: [64, 127], velocities: [0, 0], tableIndex: 1, extra: [wsmp(70, -120, 0, { start: 0, length: 50, type: 1 }), lar2] })], extra: [lart] }),
      instrument({ name: "Kit", bank: 0x80000000, regions: [region({ keys: [35, 60], keyGroup: 1, tableIndex: 2 })] }),
    ],
    [wave16(200), pcm8, aLaw],
  );
}

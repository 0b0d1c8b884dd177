import { writeSoundFont } from "../../../lib/index.js";
// new SoundFont() takes SF3 where Node's synchronous Vorbis decoder is registered.
import "../../../lib/io/vorbisModuleSync.js";
import { oggCrc } from "../../../lib/soundfont/OggStream.js";
import { existsSync } from "node:fs";
import { fixture, hasFixtures, readFixture } from "../../fixtures.js";
import { tinyModel } from "../../soundfont/tinyModel.js";
import { generatedSong } from "../generatedSong.js";
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
  midi("generated.mid (code-built)", generatedSong());
  const rmidi = rmidiOf(generatedSong(), writeSoundFont(tinyModel()));
  targets.push({ name: "generated.rmi (code-built, carrying tiny.sf2)", format: "midi", bytes: rmidi, layout: rmidiLayout(rmidi) });
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

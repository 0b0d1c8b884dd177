import { writeSoundFont } from "../../../lib/index.js";
import { hasFixtures, readFixture } from "../../fixtures.js";
import { tinyModel } from "../../soundfont/tinyModel.js";
import { generatedSong } from "../generatedSong.js";
import type { Target } from "./mutate.js";
import { midiLayout } from "./midiLayout.js";
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
  }
  sf2("tiny.sf2 (code-built)", writeSoundFont(tinyModel()));
  midi("generated.mid (code-built)", generatedSong());
  return targets;
}

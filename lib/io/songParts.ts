import type { MidiFile } from "../midi/MidiFile.js";
import type { SoundFont } from "../soundfont/SoundFont.js";
import { Synthesizer } from "../synth/Synthesizer.js";
import type { Profile } from "../synth/SynthesizerSettings.js";

/** How a song is divided into parts: by MIDI channel, or by the track chunk each note is in. */
export type PartDivision = "channel" | "track";

/** The divisions, for checking and for `--help`. */
export const partDivisions: readonly PartDivision[] = ["channel", "track"];

/** A part of a song that plays at least one note. */
export interface SongPart {
  /** The channel (0-based, 16 per MIDI port) or the track chunk's index. */
  readonly index: number;
  /**
   * A channel: the name of the preset its first note plays. A track: its track name event, else
   * the preset of its first note.
   */
  readonly name: string;
}

/** What decides which notes sound and which preset a channel plays. */
export interface PartSearch {
  readonly profile?: Profile;
  /** The section of the song, in seconds: its notes from `start` (default 0) up to `end` (default its end). */
  readonly start?: number;
  readonly end?: number;
}

/**
 * The parts of a song that play a note in its section, in order of their index. The song's
 * messages go through a synthesizer of the same profile without being rendered, so that each
 * part is named after the preset its first note really plays (GS and XG drum parts and bank
 * selects included).
 */
export function findSongParts(midi: MidiFile, soundFont: SoundFont, division: PartDivision, search: PartSearch = {}): SongPart[] {
  const start = search.start ?? 0;
  const end = search.end ?? Infinity;
  const trackNames = new Map<number, string>();
  for (const meta of midi.metaEvents) {
    const name = meta.kind === "trackName" ? meta.text?.trim() : undefined;
    if (name && !trackNames.has(meta.track)) trackNames.set(meta.track, name);
  }
  const synthesizer = new Synthesizer(soundFont, { profile: search.profile, backend: "js", enableReverbAndChorus: false });
  const parts = new Map<number, string>();
  try {
    const channelCount = synthesizer.ensureChannels(midi.channelCount);
    for (const event of midi.events()) {
      if (event.time >= end) break;
      const base = 16 * event.port < channelCount ? 16 * event.port : 0;
      if (event.type === "systemExclusive" && event.data !== undefined) {
        synthesizer.processSysEx(event.data, undefined, base / 16);
        continue;
      }
      if (event.type !== "message") continue;
      const channel = base + (event.status & 0x0f);
      const command = event.status & 0xf0;
      if (command === 0x90 && event.data2 > 0) {
        const index = division === "channel" ? channel : event.track;
        if (event.time >= start && !parts.has(index)) {
          const preset = synthesizer.channelPreset(channel)?.name ?? `program ${event.data1}`;
          parts.set(index, (division === "track" ? trackNames.get(index) : undefined) ?? preset);
        }
      } else if (command !== 0x80 && command !== 0x90) {
        // Notes are left out: what they would start is not rendered, and no channel state
        // that chooses a preset depends on them.
        synthesizer.processMidiMessage(channel, command, event.data1, event.data2);
      }
    }
  } finally {
    synthesizer.dispose();
  }
  return [...parts].sort(([a], [b]) => a - b).map(([index, name]) => ({ index, name }));
}

import { readFileSync } from "node:fs";
import { generalMidiNames } from "../builtin/generalMidiPrograms.js";
import { MidiFile, SoundFont } from "../io/index.js";
import { FileError } from "./FileError.js";
import { formatClock } from "./ProgressBar.js";

/**
 * `meltysynth info`: tells a SoundFont from a MIDI file by its first bytes, and prints what a
 * user wants to know before rendering with it.
 */
export function infoCommand(files: readonly string[]): void {
  files.forEach((file, i) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw FileError.from(file, error);
    }
    if (bytes.length === 0) {
      throw new FileError(file, "the file is empty (0 bytes): name a SoundFont (.sf2) or a MIDI file (.mid)");
    }
    const magic = String.fromCharCode(...bytes.subarray(0, 4));
    const form = String.fromCharCode(...bytes.subarray(8, 12));
    let text: string;
    try {
      if (magic === "RIFF" && (form === "sfbk" || form === "DLS ")) text = describeSoundFont(file, new SoundFont(bytes), bytes.length, form === "DLS ");
      else if (magic === "MThd" || (magic === "RIFF" && form === "RMID")) text = describeMidiFile(file, new MidiFile(bytes), magic === "RIFF");
      else throw new Error("not a SoundFont (.sf2, .sf3), a DLS bank (.dls), a standard MIDI file (.mid) or an RMIDI file (.rmi)");
    } catch (error) {
      throw FileError.from(file, error);
    }
    process.stdout.write((i > 0 ? "\n" : "") + text);
  });
}

/** A DLS bank is described as the SoundFont it is read into, without the SF2 version that gives. */
function describeSoundFont(file: string, font: SoundFont, size: number, dls: boolean): string {
  const { info } = font;
  const lines = [dls ? `${file}: DLS bank` : `${file}: SoundFont ${info.version.major}.${info.version.minor.toString().padStart(2, "0")}`];
  const field = (label: string, value: string): void => {
    const text = decodeInfoText(value);
    if (text.trim() !== "") lines.push(`  ${(label + ":").padEnd(12)} ${text.trim().replace(/\s*\n\s*/g, " ")}`);
  };
  field("Name", info.bankName);
  // A DLS bank names no sound engine; the one shown would be what the SF2 it is read into says.
  if (!dls) field("Engine", info.targetSoundEngine);
  field("Author", info.author);
  field("Copyright", info.copyright);
  field("Created", info.creationDate);
  field("Product", info.targetProduct);
  field("Tools", info.tools);
  field("Comments", info.comments);
  const sampleSeconds = font.sampleHeaders.reduce((total, h) => total + (h.sampleRate > 0 ? (h.end - h.start) / h.sampleRate : 0), 0);
  field("Format", dls ? "DLS (read as a SoundFont: one preset per instrument)" : font.compressed ? "SF3 (Ogg Vorbis)" : "SF2 (16-bit PCM)");
  field("File size", formatBytes(size));
  const decoded = font.compressed ? " decoded" : "";
  field("Samples", `${font.sampleHeaders.length} (${formatClock(sampleSeconds)} of audio, ${formatBytes(2 * font.waveData.length)}${decoded})`);
  field("Instruments", String(font.instruments.length));
  const modulators = [...font.instruments, ...font.presets].reduce(
    (total, owner) => total + owner.regions.reduce((n, region) => n + region.modulators.length, 0),
    0,
  );
  field("Modulators", `${modulators} (played with --profile full)`);
  if (font.warnings.length > 0) {
    field("Warnings", `${font.warnings.length}: left out, as the specification says`);
    for (const warning of font.warnings.slice(0, 5)) lines.push(`    ${warning}`);
    if (font.warnings.length > 5) lines.push(`    ... and ${font.warnings.length - 5} more`);
  }
  field("Presets", String(font.presets.length));
  const presets = [...font.presets].sort((a, b) => a.bankNumber - b.bankNumber || a.patchNumber - b.patchNumber);
  for (const preset of presets) {
    lines.push(`    ${preset.bankNumber.toString().padStart(3, "0")}:${preset.patchNumber.toString().padStart(3, "0")}  ${decodeInfoText(preset.name)}`);
  }
  return lines.join("\n") + "\n";
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The SoundFont specification makes INFO text ASCII; real files hold UTF-8 (what today's editors
 * write) or Latin-1 (older Windows tools). The reader keeps each byte as one character, so the
 * bytes are taken back and read as UTF-8 when they are valid UTF-8, else as Latin-1, which is
 * what they already are. (Pure ASCII reads the same either way.)
 */
export function decodeInfoText(text: string): string {
  if (!/[\x80-\xff]/.test(text) || /[^\x00-\xff]/.test(text)) return text;
  try {
    return utf8.decode(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  } catch {
    return text;
  }
}

function describeMidiFile(file: string, midi: MidiFile, rmidi: boolean): string {
  const notes = new Array<number>(midi.channelCount).fill(0);
  const programs = new Array<number | undefined>(midi.channelCount);
  for (const event of midi.events()) {
    const channel = 16 * event.port + (event.status & 0x0f);
    const command = event.status & 0xf0;
    if (event.type !== "message") continue;
    if (command === 0x90 && event.data2 > 0) notes[channel]++;
    else if (command === 0xc0 && programs[channel] === undefined) programs[channel] = event.data1;
  }
  const tempos = midi.tempoChanges.map((change) => change.beatsPerMinute).filter(Number.isFinite);
  const first = midi.tempoChanges.length > 0 && midi.tempoChanges[0].tick === 0 ? tempos[0] : 120;
  const all = [first, ...tempos];
  const range = Math.min(...all) === Math.max(...all) ? "" : `, ${bpm(Math.min(...all))} to ${bpm(Math.max(...all))}`;
  const changes = midi.tempoChanges.length;

  const bank = midi.embeddedSoundBank;
  const lines = [
    `${file}: ${rmidi ? "RMIDI file, a standard MIDI file" : "standard MIDI file"}, format ${midi.format}`,
    ...(midi.rmidiInfo.INAM ? [`  Name:        ${midi.rmidiInfo.INAM}`] : []),
    ...(midi.rmidiInfo.IART ? [`  Artist:      ${midi.rmidiInfo.IART}`] : []),
    ...(bank === undefined ? [] : [`  Bank:        ${bank.format === "sf2" ? "SoundFont" : "DLS"}, ${formatBytes(bank.bytes.length)}, bank offset ${bank.bankOffset}`]),
    `  Tracks:      ${midi.trackCount}`,
    `  Resolution:  ${midi.resolution} ticks per quarter note`,
    `  Length:      ${formatClock(midi.length)} (${midi.length.toFixed(1)} s)`,
    `  Tempo:       ${bpm(first)}${changes > 1 ? ` (${changes} tempo changes${range})` : ""}`,
    `  Notes:       ${notes.reduce((a, b) => a + b, 0)}`,
    ...(midi.ports.length > 1 ? [`  Ports:       ${midi.ports.length} (${describePorts(midi.ports)}), played on ${midi.channelCount} channels with --profile full`] : []),
    `  Channels:`,
  ];
  const ports = midi.ports.length > 1;
  notes.forEach((count, channel) => {
    if (count === 0) return;
    const sound = channel % 16 === 9 ? "Drums" : generalMidiNames[programs[channel] ?? 0];
    const name = ports ? `${midi.ports[channel >> 4]}:${((channel % 16) + 1).toString().padStart(2)}` : (channel + 1).toString().padStart(2);
    lines.push(`    ${name}  ${sound.padEnd(24)} ${count} notes`);
  });
  return lines.join("\n") + "\n";
}

// "port 1 on channels 1-16, port 0 on 17-32": the file's port numbers and the channels they take.
function describePorts(ports: readonly number[]): string {
  return ports.map((port, i) => `port ${port} on channels ${16 * i + 1}-${16 * i + 16}`).join(", ");
}

function bpm(value: number): string {
  return `${Number(value.toFixed(1))} BPM`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

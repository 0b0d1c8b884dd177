import { generatorCount } from "./GeneratorType.js";
import { generatorOffset, type GeneratorList } from "./Generator.js";
import { chunkError, recordCount, type RiffChunk, type RiffReader } from "./RiffReader.js";
import { SoundFontError } from "./SoundFontError.js";

/** A zone: a run of generators and one of modulators, as a pbag or ibag record gives them. */
export interface Zone {
  /** Index of the zone's first generator. */
  readonly start: number;
  /** Index after the zone's last generator. */
  readonly end: number;
  /** Index of the zone's first modulator in the pmod or imod chunk. */
  readonly modStart: number;
  /** Index after the zone's last modulator. */
  readonly modEnd: number;
}

/** The size of a pbag or ibag record in bytes. */
export const bagSize = 4;

/**
 * Reads a pbag or ibag chunk into zones. Each record gives where its zone's generators and
 * modulators start; a zone ends where the next begins, so the generator indices must not
 * decrease or pass the generators. Modulator indices that do the same only cost the zone its
 * modulators, with a line in `warnings`: MeltySynth plays such files, ignoring modulators.
 */
export function readZones(
  reader: RiffReader,
  chunk: RiffChunk,
  generators: GeneratorList,
  modulatorCount: number,
  warnings: string[],
): Zone[] {
  const count = recordCount(chunk, bagSize);
  if (count === 0) {
    throw chunkError(chunk, `holds no zone`);
  }
  const zones = new Array<Zone>(count);
  const { view } = reader;
  let start = view.getUint16(chunk.dataOffset, true);
  let modStart = view.getUint16(chunk.dataOffset + 2, true);
  for (let i = 0; i < count; i++) {
    const p = chunk.dataOffset + (i + 1) * bagSize;
    const end = view.getUint16(p, true);
    let modEnd = view.getUint16(p + 2, true);
    if (end < start || end > generators.types.length) {
      throw new SoundFontError(
        chunk.name,
        p,
        `Invalid SoundFont: the ${chunk.id} record at byte ${p} has generator index ${end}, ` +
          (end < start
            ? `less than the ${start} of the record before it`
            : `past the ${generators.types.length} generators of the ${generators.chunk.id} chunk`),
      );
    }
    const modulatorsValid = modEnd >= modStart && modEnd <= modulatorCount;
    if (!modulatorsValid) {
      // Warned once: the zones after a bad index start from it and would repeat the warning.
      if (modStart <= modulatorCount) {
        warnings.push(`the ${chunk.id} record at byte ${p} has modulator index ${modEnd}, outside ${modStart} to ${modulatorCount}: its zone's modulators are ignored`);
      }
      modEnd = Math.max(modStart, Math.min(modEnd, modulatorCount));
    }
    zones[i] = { start, end, modStart: modulatorsValid ? modStart : modEnd, modEnd };
    start = end;
    modStart = modEnd;
  }
  return zones;
}

/** The empty zone: the global zone of a preset or instrument that has none. */
export const emptyZone: Zone = { start: 0, end: 0, modStart: 0, modEnd: 0 };

/**
 * Whether the first zone of a preset or instrument is its global zone: one whose last generator
 * is not the terminal one (instrument or sampleID).
 */
export function isGlobalZone(zone: Zone, generators: GeneratorList, terminalType: number): boolean {
  return zone.start === zone.end || generators.types[zone.end - 1] !== terminalType;
}

/**
 * The generators of `count` regions in one array, each region's 61 values set to `defaults`.
 * Regions take views on it: one allocation per preset or instrument rather than per region.
 */
export function generatorBlock(defaults: Int16Array, count: number): Int16Array {
  const block = new Int16Array(count * generatorCount);
  for (let i = 0; i < count; i++) block.set(defaults, i * generatorCount);
  return block;
}

/**
 * Fills a region's generators: the global zone first, then the local zone over it.
 * Generator numbers past the last one the specification defines are ignored, as MeltySynth does.
 */
export function applyZones(
  gs: Int16Array,
  generators: GeneratorList,
  global: Zone,
  local: Zone,
): void {
  setGenerators(gs, generators, global);
  setGenerators(gs, generators, local);
}

function setGenerators(gs: Int16Array, { types, values }: GeneratorList, zone: Zone): void {
  for (let i = zone.start; i < zone.end; i++) {
    const type = types[i];
    if (type < generatorCount) gs[type] = values[i];
  }
}

/**
 * The error for a region whose generator `type` cannot be played, at the record that gave it:
 * the last one in the local zone, else in the global zone; the local zone's start when neither
 * has one. `problem` follows `owner` in the message ("refers to sample 9, but ...").
 */
export function generatorError(
  owner: string,
  generators: GeneratorList,
  global: Zone,
  local: Zone,
  type: number,
  problem: string,
): SoundFontError {
  const offset = recordOf(generators, global, local, type);
  const chunk = generators.chunk.name;
  return new SoundFontError(chunk, offset, `Invalid SoundFont: ${owner} ${problem} (${chunk} record at byte ${offset})`);
}

function recordOf(generators: GeneratorList, global: Zone, local: Zone, type: number): number {
  for (const zone of [local, global]) {
    for (let i = zone.end - 1; i >= zone.start; i--) {
      if (generators.types[i] === type) return generatorOffset(generators, i);
    }
  }
  return generatorOffset(generators, local.start);
}

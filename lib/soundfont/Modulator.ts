import { generatorTable } from "./GeneratorTable.js";
import { recordCount, type RiffChunk, type RiffReader } from "./RiffReader.js";

/**
 * A SoundFont 2.04 modulator (section 8.2): `amount` times the mapped value of `source` times
 * the mapped value of `amountSource`, passed through `transform`, added to the generator
 * `destination`. The fields hold the file's 16-bit values as they are: a source packs its
 * controller index (bits 0-6), whether that is a MIDI CC (bit 7), direction (bit 8), polarity
 * (bit 9) and curve (bits 10-15); a destination with bit 15 set feeds another modulator's
 * primary source instead of a generator (a link: the low bits index the region's modulators).
 */
export interface Modulator {
  readonly source: number;
  readonly destination: number;
  readonly amount: number;
  readonly amountSource: number;
  readonly transform: number;
}

/** The size of a pmod or imod record in bytes. */
export const modulatorSize = 10;

/** The source that takes its value from the modulators linked to this one. */
export const LINK_SOURCE = 127;
/** Set in a destination that names another modulator rather than a generator. */
export const LINK_DESTINATION = 0x8000;

/** The general controllers a source may name when its CC bit is clear (8.2.1). */
export const GeneralController = {
  noController: 0,
  noteOnVelocity: 2,
  noteOnKeyNumber: 3,
  polyPressure: 10,
  channelPressure: 13,
  pitchWheel: 14,
  pitchWheelSensitivity: 16,
  link: LINK_SOURCE,
} as const;

const GENERAL_CONTROLLERS: readonly number[] = Object.values(GeneralController);

/** Builds a source from its parts: curve 0 linear, 1 concave, 2 convex, 3 switch. */
export function modulatorSource(
  index: number,
  options: { cc?: boolean; negative?: boolean; bipolar?: boolean; curve?: 0 | 1 | 2 | 3 } = {},
): number {
  return (
    (index & 0x7f) |
    (options.cc ? 0x80 : 0) |
    (options.negative ? 0x100 : 0) |
    (options.bipolar ? 0x200 : 0) |
    ((options.curve ?? 0) << 10)
  );
}

/**
 * Why a modulator cannot be played, or undefined when it can. The specification asks for such
 * modulators to be ignored: a source or transform it does not define, a controller it forbids
 * (bank select, data entry, RPN and NRPN numbers, channel mode messages), or a destination that
 * is not a generator a modulator may drive.
 */
export function modulatorProblem(m: Modulator, count: number): string | undefined {
  const sourceProblem = (source: number, primary: boolean): string | undefined => {
    const index = source & 0x7f;
    if (source >> 10 > 3) return `curve type ${source >> 10}`;
    if ((source & 0x80) !== 0) {
      const forbidden = index === 0 || index === 6 || index === 32 || index === 38 || (index >= 98 && index <= 101) || index >= 120;
      return forbidden ? `MIDI controller ${index}` : undefined;
    }
    if (!GENERAL_CONTROLLERS.includes(index) || (!primary && index === LINK_SOURCE)) return `general controller ${index}`;
    return undefined;
  };
  const source = sourceProblem(m.source, true);
  if (source !== undefined) return `its source has an unknown ${source}`;
  const amountSource = sourceProblem(m.amountSource, false);
  if (amountSource !== undefined) return `its amount source has an unknown ${amountSource}`;
  if (m.transform !== 0 && m.transform !== 2) return `its transform ${m.transform} is neither linear (0) nor absolute value (2)`;
  if ((m.destination & LINK_DESTINATION) !== 0) {
    const target = m.destination & 0x7fff;
    return target < count ? undefined : `it links to modulator ${target}, past the ${count} of its zone`;
  }
  const info = generatorTable[m.destination];
  return info?.modulatable ? undefined : `generator ${m.destination} cannot be modulated`;
}

/** Whether two modulators have the same identity (8.2.1): all but the amount equal. */
export function sameModulator(a: Modulator, b: Modulator): boolean {
  return (
    a.source === b.source &&
    a.destination === b.destination &&
    a.amountSource === b.amountSource &&
    a.transform === b.transform
  );
}

/** Reads a pmod or imod chunk; the terminal record is not included. */
export function readModulators(reader: RiffReader, chunk: RiffChunk): Modulator[] {
  const count = recordCount(chunk, modulatorSize);
  const { view } = reader;
  return Array.from({ length: count }, (_, i) => {
    const p = chunk.dataOffset + i * modulatorSize;
    return {
      source: view.getUint16(p, true),
      destination: view.getUint16(p + 2, true),
      amount: view.getInt16(p + 4, true),
      amountSource: view.getUint16(p + 6, true),
      transform: view.getUint16(p + 8, true),
    };
  });
}

/** What a region without modulators holds: one shared list, so that such regions allocate none. */
const noModulators: readonly Modulator[] = Object.freeze([]);

/**
 * The modulators of a region: its global zone's, then its own zone's, an own modulator taking
 * the place of an identical global one (9.5). Records that cannot be played are left out, each
 * with a line in `warnings` naming `owner` (such as "the preset 'Piano'") and the zone index;
 * links are renumbered to index the returned list, and a link to a modulator that was left out
 * is dropped with it.
 */
export function regionModulators(
  all: readonly Modulator[],
  global: { modStart: number; modEnd: number },
  local: { modStart: number; modEnd: number },
  owner: string,
  zoneIndex: number,
  warnings: string[],
): readonly Modulator[] {
  // Most banks have no modulators: such a region takes the shared list and leaves the
  // loader's hot loop small, which keeps its compilation short.
  if (global.modStart === global.modEnd && local.modStart === local.modEnd) return noModulators;
  const where = `${owner}, zone ${zoneIndex}`;
  const zoneList = (zone: { modStart: number; modEnd: number }): (Modulator | undefined)[] => {
    const list = all.slice(zone.modStart, zone.modEnd);
    return list.map((m, i) => {
      const problem = modulatorProblem(m, list.length);
      if (problem === undefined) return m;
      warnings.push(`${where}: modulator ${i} of its zone is ignored: ${problem}`);
      return undefined;
    });
  };
  const globals = global === local ? [] : zoneList(global);
  const locals = zoneList(local);
  // Each kept modulator with the position its links count from in its own zone.
  const kept: { m: Modulator; zone: (Modulator | undefined)[] }[] = [];
  for (const m of globals) {
    if (m !== undefined && !locals.some((l) => l !== undefined && sameModulator(l, m))) kept.push({ m, zone: globals });
  }
  for (const m of locals) if (m !== undefined) kept.push({ m, zone: locals });
  const isLink = (m: Modulator): boolean => (m.destination & LINK_DESTINATION) !== 0;
  const indexOf = (zone: (Modulator | undefined)[], i: number): number => kept.findIndex((k) => k.zone === zone && k.m === zone[i]);
  let list = kept.map(({ m, zone }) => ({ m, target: isLink(m) ? indexOf(zone, m.destination & 0x7fff) : -1 }));
  // A link whose target was left out goes too, which can leave another link without its target.
  for (;;) {
    const alive = list.map((e) => !isLink(e.m) || e.target >= 0);
    if (alive.every(Boolean)) break;
    const renumbered: number[] = [];
    let next = 0;
    for (const keep of alive) renumbered.push(keep ? next++ : -1);
    list = list.filter((_, i) => alive[i]).map((e) => ({ m: e.m, target: e.target >= 0 ? renumbered[e.target] : -1 }));
  }
  return list.map((e) => (isLink(e.m) ? { ...e.m, destination: LINK_DESTINATION | e.target } : e.m));
}

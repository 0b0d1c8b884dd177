import type { FuzzFailureRecord, FuzzReport } from "./runFuzz.js";

const formatNames = { sf2: "SoundFont", midi: "MIDI" } as const;

/** The report as plain text, laid out to be pasted into an issue note as it is. */
export function formatSummary(report: FuzzReport, maxKinds = 30): string {
  const lines: string[] = [];
  const total = (format: "sf2" | "midi"): { tried: number; loaded: number; refused: number; failed: number } => {
    const sum = { tried: 0, loaded: 0, refused: 0, failed: 0 };
    for (const s of report.stats) {
      if (s.format !== format) continue;
      sum.tried += s.tried;
      sum.loaded += s.loaded;
      sum.refused += s.refused;
      sum.failed += s.failed;
    }
    return sum;
  };
  const sf2 = total("sf2");
  const midi = total("midi");
  const compared = report.backends.length > 1 ? ", renders compared bit for bit between them" : "";
  lines.push(
    `Fuzz summary: seed ${report.seed}, backends ${report.backends.join(" + ")}${compared}, ${report.seconds.toFixed(1)} s: ` +
      `${sf2.tried} SoundFont inputs (${sf2.loaded} loaded and rendered, ${sf2.refused} refused, ${sf2.failed} failed), ` +
      `${midi.tried} MIDI inputs (${midi.loaded} loaded and rendered, ${midi.refused} refused, ${midi.failed} failed)`,
  );
  lines.push("");
  const row = (cells: readonly (string | number)[]): string =>
    `  ${String(cells[0]).padEnd(6)} ${String(cells[1]).padEnd(28)} ${cells.slice(2).map((c) => String(c).padStart(8)).join(" ")}`;
  lines.push(row(["format", "target", "inputs", "loaded", "refused", "failed", "seconds"]));
  for (const s of report.stats) lines.push(row([s.format, s.name, s.tried, s.loaded, s.refused, s.failed, (s.ms / 1000).toFixed(1)]));
  lines.push(row(["sf2", "all SoundFonts", sf2.tried, sf2.loaded, sf2.refused, sf2.failed]));
  lines.push(row(["midi", "all songs", midi.tried, midi.loaded, midi.refused, midi.failed]));
  for (const format of ["sf2", "midi"] as const) {
    const kinds = [...(report.errorKinds.get(format) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    lines.push("");
    lines.push(`${formatNames[format]} refusals by kind (${kinds.length} kinds; numbers shown as N, names as '…'):`);
    for (const [kind, count] of kinds.slice(0, maxKinds)) lines.push(`  ${String(count).padStart(6)}  ${kind}`);
    if (kinds.length > maxKinds) {
      const rest = kinds.slice(maxKinds).reduce((sum, [, c]) => sum + c, 0);
      lines.push(`  ${String(rest).padStart(6)}  (${kinds.length - maxKinds} rarer kinds)`);
    }
  }
  lines.push("");
  lines.push(`Slowest input: ${report.slowest.ms.toFixed(0)} ms, ${report.slowest.input}`);
  return lines.join("\n");
}

/** A failure, with what to run to see it again on its own. */
export function formatFailure(seed: number, failure: FuzzFailureRecord): string {
  return [
    `FAIL ${failure.target}#${failure.index} (seed ${seed}) in ${failure.stage}`,
    `  mutation: ${failure.mutation}`,
    `  reproduce: npm run fuzz -- --seed ${seed} --replay '${failure.target}#${failure.index}'`,
    `  ${failure.error.split("\n").join("\n  ")}`,
  ].join("\n");
}

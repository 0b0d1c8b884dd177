/**
 * The name among `names` nearest to `typed`, when it is near enough to be what was meant: at
 * most one edit for every four letters typed (and at least one), an edit being a letter added,
 * dropped or changed, or two neighbours swapped. The first of equally near names wins.
 */
export function nearestName(typed: string, names: readonly string[]): string | undefined {
  const allowed = Math.max(1, Math.floor(typed.length / 4));
  let nearest: string | undefined;
  let nearestDistance = allowed + 1;
  for (const name of names) {
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (distance < nearestDistance) {
      nearest = name;
      nearestDistance = distance;
    }
  }
  return nearest;
}

/** Levenshtein's distance with swaps of neighbours as one edit ("optimal string alignment"). */
function editDistance(a: string, b: string): number {
  // d[i][j]: the distance between the first i letters of a and the first j of b.
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const change = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + change);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

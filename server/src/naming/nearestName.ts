/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, "");
}

/**
 * The candidate closest to `name`, when it is close enough to be a likely slip: differences of case,
 * dashes and underscores count as nothing, then up to a third of the length in edits.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const target = normalize(name);
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const score = editDistance(target, normalize(candidate));
    if (score < bestScore || (score === bestScore && best !== undefined && candidate < best)) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(target.length, normalize(best).length) / 3));
  return bestScore <= limit ? best : undefined;
}

/**
 * The one candidate close enough to `name` to be a likely slip (as nearestName measures it), or
 * undefined when none is, or when several are: a fix must not guess between them.
 */
export function onlyNearName(name: string, candidates: Iterable<string>): string | undefined {
  const target = normalize(name);
  const near = [...new Set(candidates)].filter((candidate) => {
    if (candidate === name) return false;
    const limit = Math.max(1, Math.floor(Math.max(target.length, normalize(candidate).length) / 3));
    return editDistance(target, normalize(candidate)) <= limit;
  });
  return near.length === 1 ? near[0] : undefined;
}

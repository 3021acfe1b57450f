/**
 * "Did you mean": the known names nearest to a mistyped one. Hand-written (an edit distance over ids
 * of a few dozen characters needs no library): Levenshtein distance, one row at a time.
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Up to `max` names nearest to `input`, nearest first: within an edit distance of a third of the input's
 * length (at least 2), or containing the input whole (`ssh-ingress` for `ec2-no-ssh-ingress`).
 */
export function nearest(input: string, names: readonly string[], max = 3): string[] {
  const q = input.toLowerCase().slice(0, 200);
  const limit = Math.max(2, Math.floor(q.length / 3));
  return names
    .map((name) => {
      const d = editDistance(q, name.toLowerCase());
      return { name, d: q.length >= 4 && name.includes(q) ? Math.min(d, limit) : d };
    })
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((x) => x.name);
}

/** ` (did you mean a, b or c?)`, or nothing when no name is near. */
export function didYouMean(input: string, names: readonly string[]): string {
  const near = nearest(input, names);
  if (near.length === 0) return '';
  const list = near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near.at(-1)}`;
  return ` (did you mean ${list}?)`;
}

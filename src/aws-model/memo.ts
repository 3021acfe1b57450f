/**
 * Lookups built once per snapshot list and reused by every call that receives the same list (a rule
 * that resolves each of 10,000 groups against 10,000 load balancers must not rebuild a map 10,000
 * times). Snapshot lists are never modified once loaded; the cache is keyed by the array itself, so a
 * new list (another snapshot, a test case) gets its own lookup and nothing outlives its list.
 */
const caches = new WeakMap<readonly unknown[], Map<string, unknown>>();

export function memoFor<T, R>(list: readonly T[], name: string, build: (list: readonly T[]) => R): R {
  let byName = caches.get(list);
  if (!byName) caches.set(list, (byName = new Map()));
  if (byName.has(name)) return byName.get(name) as R;
  const value = build(list);
  byName.set(name, value);
  return value;
}

/** `new Map(list.map((x) => [key(x), x]))` (the last item wins on a duplicate key), built once per list. */
export function mapBy<T>(list: readonly T[], name: string, key: (x: T) => string): ReadonlyMap<string, T> {
  return memoFor(list, `mapBy:${name}`, (xs) => new Map(xs.map((x) => [key(x), x])));
}

/** Items grouped by a key, in list order, built once per list. */
export function groupBy<T>(list: readonly T[], name: string, key: (x: T) => string | undefined): ReadonlyMap<string, T[]> {
  return memoFor(list, `groupBy:${name}`, (xs) => {
    const m = new Map<string, T[]>();
    for (const x of xs) {
      const k = key(x);
      if (k === undefined) continue;
      const l = m.get(k);
      if (l) l.push(x);
      else m.set(k, [x]);
    }
    return m;
  });
}

/** Items of every page of an SDK paginator. */
export async function allPages<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

/** Splits a list into batches, for APIs that take at most `size` names or ARNs a call. */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Some emulators answer "" for an absent field (moto: an unassociated Elastic IP's InstanceId). */
export function blankToUndefined<T extends object>(obj: T, keys: (keyof T)[]): T {
  for (const k of keys) if (obj[k] === ('' as unknown)) delete obj[k];
  return obj;
}

/** Strips the SDK's $metadata so snapshots hold only resource data. */
export function withoutMetadata<T extends object>(obj: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = obj as T & { $metadata?: unknown };
  return rest;
}

import { isNotConfigured } from './errors.js';
import type { CollectorContext } from './types.js';

/** Items of every page of an SDK paginator. */
export async function allPages<P, T>(pages: AsyncIterable<P>, pick: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

/**
 * One call per resource, all at once: an item whose call fails with one of the `gone` codes (deleted since
 * it was listed) is left out; any other failure is recorded against that resource alone (in `region`, else
 * the collector's) and the others go on.
 */
export async function perResource<I extends { Arn: string }, O>(
  ctx: Pick<CollectorContext, 'recordError'>,
  items: readonly I[],
  gone: readonly string[],
  call: (item: I) => Promise<O>,
  region?: string,
): Promise<O[]> {
  const out = await Promise.all(
    items.map(async (item) => {
      try {
        return [await call(item)];
      } catch (err) {
        if (!isNotConfigured(err, gone)) ctx.recordError(err, { region, resource: item.Arn });
        return [];
      }
    }),
  );
  return out.flat();
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

const DROPPED = Symbol('dropped');

function jsonValue(v: unknown, key: string): unknown {
  // Binary blobs (the SDK's Uint8Array) become their UTF-8 text.
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
  if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function')
    v = (v as { toJSON(k: string): unknown }).toJSON(key);
  switch (typeof v) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return DROPPED;
    case 'number':
      // JSON writes -0 as 0 and NaN/Infinity as null.
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'object': {
      if (v === null) return v;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const c = jsonValue(v[i], String(i));
          if (!Object.is(c, v[i])) v[i] = c === DROPPED ? null : c;
        }
        return v;
      }
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const c = jsonValue(o[k], k);
        if (c === DROPPED) delete o[k];
        else if (!Object.is(c, o[k])) o[k] = c;
      }
      return o;
    }
    default:
      return v;
  }
}

/**
 * Turns collected data, in place, into what JSON.parse(JSON.stringify(value)) would give, without
 * a second copy of a large snapshot: Dates (anything with toJSON) become their JSON form (ISO
 * strings), Uint8Array blobs their UTF-8 text, -0 0 and non-finite numbers null; properties JSON drops
 * (undefined, functions, symbols) are deleted and such array elements become null. Key order is
 * kept. Shared sub-objects are converted once per reference (harmlessly: the result is JSON already).
 */
export function toJsonInPlace<T>(value: T): T {
  const out = jsonValue(value, '');
  return (out === DROPPED ? undefined : out) as T;
}

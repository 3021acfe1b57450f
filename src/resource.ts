/**
 * What a finding is about. Only the engine makes these: from a collected item, through the identity its
 * dataset declares (src/engine/identity.ts), or for the account itself. A rule never builds one, so a
 * resource's id and tags are the same in every rule that reports on it.
 */
export class ResourceRef {
  declare tags?: Record<string, string>;
  constructor(
    readonly arn: string,
    readonly region: string,
    readonly id: string,
    tags?: Record<string, string>,
  ) {
    // Own keys in report order (arn, region, id, then tags only when there are some): the report uses the ref as is.
    if (tags && Object.keys(tags).length) this.tags = tags;
  }
}

/** Anything a rule can report on: a collected item (which carries Arn and Region) or a ref the engine made. */
export type ResourceLike = ResourceRef | { Arn: string; Region: string };

/** Set by the engine on each collected item: resolves the item's ref (computed once, then shared). */
export const IDENTITY = Symbol('aws-tips.identity');

export interface Identified {
  [IDENTITY]?: () => ResourceRef;
}

export function resourceRef(r: ResourceLike): ResourceRef {
  if (r instanceof ResourceRef) return r;
  const resolve = (r as Identified)[IDENTITY];
  if (!resolve) throw new Error(`reported on an object that is not a collected resource (${typeof r.Arn === 'string' ? r.Arn : 'no Arn'})`);
  return resolve();
}

/** Tags as `[{ Key, Value }]` or as a map, own keys only; undefined when there are none. */
export function tagMap(raw: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let any = false;
  if (Array.isArray(raw)) {
    for (const t of raw as { Key?: unknown; Value?: unknown }[])
      if (t && typeof t.Key === 'string' && t.Key !== '') {
        out[t.Key] = typeof t.Value === 'string' ? t.Value : '';
        any = true;
      }
  } else if (raw && typeof raw === 'object') {
    for (const k of Object.keys(raw)) {
      const v = (raw as Record<string, unknown>)[k];
      if (typeof v === 'string') {
        out[k] = v;
        any = true;
      }
    }
  }
  // A null-prototype map: a tag named "constructor" or "__proto__" is a tag like any other.
  return any ? out : undefined;
}

/** The resource part of an ARN: `arn:aws:iam::1:user/ops/alice` -> `alice`. */
export function arnResourceId(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  return parts[parts.length - 1] || resource;
}

import { compileGlob } from '../safe-regex.js';
import type { Suppression } from '../config/schema.js';
import type { FindingStatus } from '../rule.js';

/**
 * Suppressions from `.aws-tips.yml`: accepted risks. A suppression names a rule (id, glob or "*"), a
 * resource ARN glob, and optionally a region and tags; it needs a reason and may expire. Pure: the
 * caller passes the time to judge expiry against.
 */

/** Only problems can be accepted: a pass needs no suppression, info is advice, an error was not checked. */
export const SUPPRESSIBLE: readonly FindingStatus[] = ['fail', 'warn'];

export interface SuppressibleFinding {
  key: string;
  account: string;
  ruleId: string;
  status: FindingStatus;
  resource: { arn: string; region: string; tags?: Record<string, string> };
}

/** What a suppressed finding carries in the report. */
export interface AppliedSuppression {
  reason: string;
  /** YYYY-MM-DD, or null when it never expires. */
  expires: string | null;
}

export type SuppressionStatus = 'used' | 'unused' | 'expired';

/** One configured suppression and what became of it in this audit. */
export interface SuppressionOutcome {
  rule: string;
  resource: string;
  region: string | null;
  tags: Record<string, string> | null;
  /** The accounts (ids or globs) it is limited to, or null for every account. */
  accounts: string[] | null;
  /** The one finding it names, by key, or null. */
  key: string | null;
  reason: string;
  expires: string | null;
  /**
   * used: it suppressed at least one finding; unused: it matched no fail or warn finding (stale, or a
   * typo); expired: its date has passed, so the findings it matches are no longer suppressed.
   */
  status: SuppressionStatus;
  /** Fail and warn findings it matches (for an expired one: the findings it would have suppressed). */
  matched: number;
}

export interface SuppressionResult {
  /** Per finding, in input order: the suppression that applies, or null. */
  applied: (AppliedSuppression | null)[];
  suppressions: SuppressionOutcome[];
}

// `*` matches any run of characters, ":" and "/" included (an ARN is not a path), in linear time:
// a suppression glob cannot hang the audit (src/safe-regex.ts).
const glob = compileGlob;

/** `2027-01-31` (string or a YAML date) as YYYY-MM-DD in UTC. */
export function expiryDate(expires: Suppression['expires']): string | null {
  if (expires === undefined || expires === null) return null;
  return expires instanceof Date ? expires.toISOString().slice(0, 10) : expires;
}

/** A suppression is valid through its `expires` day (UTC) and stops suppressing from the next day on. */
export function isExpired(expires: string | null, now: Date): boolean {
  if (!expires) return false;
  return now.getTime() >= Date.parse(`${expires}T00:00:00Z`) + 24 * 3600 * 1000;
}

interface Compiled {
  source: Suppression;
  expires: string | null;
  expired: boolean;
  matches(f: SuppressibleFinding): boolean;
}

function compile(s: Suppression, now: Date): Compiled {
  const rule = glob(s.rule);
  const resource = glob(s.resource);
  const region = s.region === undefined ? () => true : glob(s.region);
  const accounts = s.accounts?.map((a) => glob(a));
  const inAccount = (id: string) => accounts === undefined || accounts.some((m) => m(id));
  const tags = Object.entries(s.tags ?? {}).map(([k, v]) => [k, glob(v)] as const);
  // The resource's own tags only: `constructor` or `toString` must not match through Object.prototype.
  // An empty tags map (refused by the config schema) matches nothing rather than everything.
  const tagged = (t: Record<string, string> | undefined) =>
    tags.every(([k, v]) => t !== undefined && Object.hasOwn(t, k) && typeof t[k] === 'string' && v(t[k]));
  const emptyTags = s.tags !== undefined && tags.length === 0;
  const expires = expiryDate(s.expires);
  return {
    source: s,
    expires,
    expired: isExpired(expires, now),
    matches: (f) =>
      (s.key === undefined || f.key === s.key) &&
      rule(f.ruleId) &&
      resource(f.resource.arn) &&
      region(f.resource.region) &&
      inAccount(f.account) &&
      !emptyTags &&
      tagged(f.resource.tags),
  };
}

/** Suppressions applied one finding at a time (the verdict stage decides each finding as it arrives). */
export interface Suppressor {
  /** The suppression that applies to this finding, or null; counts the match of every one that matches. */
  apply(f: SuppressibleFinding): AppliedSuppression | null;
  /** What became of each configured suppression, once every finding has been through apply. */
  outcomes(): SuppressionOutcome[];
}

/**
 * The first matching suppression that has not expired applies; every matching suppression counts the match
 * (so none is reported unused while it still describes a finding).
 */
export function suppressor(suppressions: Suppression[], now: Date): Suppressor {
  const compiled = suppressions.map((s) => compile(s, now));
  const matched = compiled.map(() => 0);
  // One object per suppression, shared by the findings it suppresses (they are equal, and JSON writes each out).
  const hits = compiled.map((c): AppliedSuppression => ({ reason: c.source.reason, expires: c.expires }));
  return {
    apply(f) {
      if (compiled.length === 0 || !SUPPRESSIBLE.includes(f.status)) return null;
      let hit: AppliedSuppression | null = null;
      for (let i = 0; i < compiled.length; i++) {
        const c = compiled[i]!;
        if (!c.matches(f)) continue;
        matched[i]! += 1;
        if (!hit && !c.expired) hit = hits[i]!;
      }
      return hit;
    },
    outcomes: () =>
      compiled.map((c, i) => ({
        rule: c.source.rule,
        resource: c.source.resource,
        region: c.source.region ?? null,
        tags: c.source.tags ?? null,
        accounts: c.source.accounts ?? null,
        key: c.source.key ?? null,
        reason: c.source.reason,
        expires: c.expires,
        status: c.expired ? 'expired' : matched[i]! > 0 ? 'used' : 'unused',
        matched: matched[i]!,
      })),
  };
}

/** Applies suppressions to a list of findings (see suppressor). */
export function applySuppressions(findings: SuppressibleFinding[], suppressions: Suppression[], now: Date): SuppressionResult {
  const s = suppressor(suppressions, now);
  const applied = findings.map((f) => s.apply(f));
  return { applied, suppressions: s.outcomes() };
}

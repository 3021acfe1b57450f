/**
 * EventBridge event-pattern matching, enough to decide whether a rule would receive a given event
 * (rds-failover-event-subscription asks: would this rule get the failover event of this database?).
 *
 * Supported: exact values, `prefix`, `suffix`, `equals-ignore-case`, `anything-but` (value, list or
 * prefix/suffix), `exists`, `wildcard`, nested objects and `$or`. Anything else (numeric, cidr, an
 * unknown operator) is treated as "does not match": a rule is credited only when it surely matches.
 */
import { MAX_PATTERN_LENGTH, compileGlob } from '../safe-regex.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A `wildcard` value: `*` matches any run of characters, everything else itself. The pattern comes from the
 * account, so it is matched by the linear glob matcher, never a backtracking RegExp (`*a*a*a*a*a*a*a*a*X`
 * took seconds on a 40-character identifier): glob syntax other than `*` is escaped to stay literal.
 */
function wildcardMatcher(wildcard: string): (value: string) => boolean {
  if (wildcard === '') return (value) => value === '';
  const glob = wildcard.replace(/[\\?[\]{}]/g, '\\$&');
  // Longer than any glob compileGlob takes: not credited (a rule is credited only when it surely matches).
  return glob.length > MAX_PATTERN_LENGTH ? () => false : compileGlob(glob);
}

/** One matcher of a pattern array against one scalar value of the event (undefined: the field is absent). */
function matcherAccepts(m: Json, value: Json | undefined): boolean {
  if (!isObject(m)) return value !== undefined && m === value;
  const [op, arg] = Object.entries(m)[0] ?? [];
  if (Object.keys(m).length !== 1) return false;
  if (op === 'exists') return arg === (value !== undefined);
  if (value === undefined) return false;
  const s = typeof value === 'string' ? value : undefined;
  switch (op) {
    case 'prefix':
      if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string')
        return s !== undefined && s.toLowerCase().startsWith(arg['equals-ignore-case'].toLowerCase());
      return s !== undefined && typeof arg === 'string' && s.startsWith(arg);
    case 'suffix':
      if (isObject(arg) && typeof arg['equals-ignore-case'] === 'string')
        return s !== undefined && s.toLowerCase().endsWith(arg['equals-ignore-case'].toLowerCase());
      return s !== undefined && typeof arg === 'string' && s.endsWith(arg);
    case 'equals-ignore-case':
      return s !== undefined && typeof arg === 'string' && s.toLowerCase() === arg.toLowerCase();
    case 'wildcard':
      return s !== undefined && typeof arg === 'string' && wildcardMatcher(arg)(s);
    case 'anything-but':
      if (Array.isArray(arg)) return !arg.some((a) => a === value);
      if (isObject(arg)) return !matcherAccepts(arg, value);
      return arg !== value;
    default:
      return false;
  }
}

/** A pattern field (a list of matchers) against an event field that may be a scalar or a list. */
function fieldAccepts(matchers: Json[], value: Json | undefined): boolean {
  const values = Array.isArray(value) ? (value as Json[]) : [value];
  return matchers.some((m) => values.some((v) => matcherAccepts(m, v)));
}

/** Whether an event pattern (parsed object) matches an event. */
export function patternMatches(pattern: Json, event: Json | undefined): boolean {
  if (!isObject(pattern)) return false;
  const obj = isObject(event) ? event : {};
  return Object.entries(pattern).every(([key, spec]) => {
    if (key === '$or') return Array.isArray(spec) && spec.some((alt) => patternMatches(alt, obj));
    if (Array.isArray(spec)) return fieldAccepts(spec, obj[key]);
    if (isObject(spec)) return patternMatches(spec, obj[key]);
    return false;
  });
}

/** Parses a rule's EventPattern string; undefined when absent or not JSON. */
export function parsePattern(text: string | null | undefined): Json | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

export function isEnabledRule(state: string | null | undefined): boolean {
  return state === 'ENABLED' || state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
}

/**
 * The event fields (dotted paths) a pattern reads, through `$or`; undefined when the pattern is not
 * an object (it matches nothing). A pattern that reads only fields shared by a family of events
 * (source, detail-type, region...) matches all of them or none: FailoverRuleIndex decides it once.
 */
export function patternPaths(pattern: Json | undefined, prefix = ''): Set<string> | undefined {
  if (!isObject(pattern)) return undefined;
  const paths = new Set<string>();
  for (const [key, spec] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(spec)) {
      for (const alt of spec) for (const p of patternPaths(alt, prefix) ?? []) paths.add(p);
    } else if (isObject(spec)) {
      const inner = patternPaths(spec, `${prefix}${key}.`)!;
      if (inner.size) for (const p of inner) paths.add(p);
      else paths.add(`${prefix}${key}`);
    } else paths.add(`${prefix}${key}`);
  }
  return paths;
}

/**
 * The rules of a list that match events of a family, built once: `matching(key, event)` answers
 * `rules.filter((r) => patternMatches(pattern(r), event))` (list order) for an event whose fields
 * outside `specific` are the same for every event of `key`. Rules that read only those shared fields
 * are matched once per key; the others (reading a specific field) are matched for each event.
 */
export class PatternIndex<R> {
  private readonly shared: { rule: R; pattern: Json; order: number }[] = [];
  private readonly specific: { rule: R; pattern: Json; order: number }[] = [];
  private readonly byKey = new Map<string, { entries: { rule: R; order: number }[]; rules: R[]; first?: { rule: R; order: number } }>();

  constructor(rules: readonly R[], pattern: (r: R) => Json | undefined, specificPaths: readonly string[]) {
    rules.forEach((rule, order) => {
      const p = pattern(rule);
      const paths = patternPaths(p);
      if (!paths) return; // not an object: matches nothing
      const reads = (path: string) => specificPaths.some((s) => path === s || path.startsWith(`${s}.`) || s.startsWith(`${path}.`));
      ([...paths].some(reads) ? this.specific : this.shared).push({ rule, pattern: p as Json, order });
    });
  }

  /** The rules matching `event` (of family `key`), in list order; the cached list when no specific rule matches. */
  matching(key: string, event: Json): readonly R[] {
    const shared = this.sharedMatches(key, event);
    const specific = this.specific.filter((r) => patternMatches(r.pattern, event));
    if (!specific.length) return shared.rules;
    return [...shared.entries, ...specific].sort((a, b) => a.order - b.order).map((r) => r.rule);
  }

  /** `matching(key, event).find(accept)`, the shared part decided once per key (`accept` is the same function at every call). */
  first(key: string, event: Json, accept: (r: R) => boolean): R | undefined {
    const shared = this.sharedMatches(key, event);
    if (!('first' in shared)) shared.first = shared.entries.find((r) => accept(r.rule));
    const s = shared.first;
    const o = this.specific.find((r) => (s === undefined || r.order < s.order) && accept(r.rule) && patternMatches(r.pattern, event));
    return (o ?? s)?.rule;
  }

  private sharedMatches(key: string, event: Json) {
    let m = this.byKey.get(key);
    if (!m) {
      const entries = this.shared.filter((r) => patternMatches(r.pattern, event));
      this.byKey.set(key, (m = { entries, rules: entries.map((r) => r.rule) }));
    }
    return m;
  }
}

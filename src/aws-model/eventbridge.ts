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

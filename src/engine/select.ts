import type { z } from 'zod';
import { ruleSettingsSchema, type Config } from '../config/schema.js';
import { UsageError, formatPath, zodLine } from '../errors.js';
import { compileGlob, globProblem } from '../safe-regex.js';
import type { Rule } from '../rule.js';
import type { SelectedRule } from './evaluate.js';
import { didYouMean } from '../suggest.js';
import type { FrameworkId } from '../compliance/registry.js';

/** `unknown rule "x" (did you mean y?)`: the nearest ids, else where to look them up. */
export function unknownRule(id: string, rules: readonly Pick<Rule, 'id'>[]): string {
  return `unknown rule ${JSON.stringify(id)}${didYouMean(id, rules.map((r) => r.id)) || ' (see: aws-tips rules)'}`;
}

export interface Selection {
  rule?: string[];
  skip?: string[];
  /** --framework: only rules mapped to a control of one of these frameworks. */
  frameworks?: readonly FrameworkId[];
}

/** Characters that make a --rule/--skip or suppression `rule` value a glob rather than an id. */
const GLOB_CHARS = /[*?[\]{}\\]/;

/**
 * --rule/--skip values: an id must name a rule, a glob must be valid and match at least one (a typo
 * must not silently select nothing). Globs are matched by compileGlob, in time linear in pattern ×
 * id, never by a backtracking RegExp: `--rule '************X'` must not hang the run.
 */
function compileSelectors(patterns: string[], rules: Rule[], what: string): ((id: string) => boolean)[] {
  return patterns.map((p) => {
    if (!GLOB_CHARS.test(p)) {
      if (!rules.some((r) => r.id === p)) throw new UsageError(`${what}: ${unknownRule(p, rules)}`);
      return (id: string) => id === p;
    }
    const problem = globProblem(p);
    if (problem) throw new UsageError(`${what}: ${JSON.stringify(p)} is ${problem.startsWith('not a valid glob') ? problem : `not a valid glob: ${problem}`}`);
    const match = compileGlob(p);
    if (!rules.some((r) => match(r.id))) throw new UsageError(`${what}: ${JSON.stringify(p)} matches no rule (see: aws-tips rules)`);
    return match;
  });
}

/** Parses a rule's options from its config entry; unknown keys and wrong types name their path. */
export function ruleOptions(rule: Rule, entry: Record<string, unknown> | null | undefined, where: string): unknown {
  const { enabled: _e, severity: _s, ...own } = entry ?? {};
  const unknown = unknownKeyPath(rule.options, own, []);
  if (unknown) throw new UsageError(`${where}: ${formatPath([`rules.${rule.id}`, ...unknown])}: unknown key`);
  const parsed = rule.options.safeParse(own);
  if (!parsed.success) throw new UsageError(`${where}: ${zodLine(parsed.error, `rules.${rule.id}`)}`);
  return parsed.data;
}

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
}

/**
 * The path of the first key in `data` that the schema does not know, at any depth: a typo in a nested option
 * (`logging.externalPlatfrom`) must be an error, not silently ignored. Walks objects, arrays, records and wrappers.
 */
export function unknownKeyPath(schema: z.ZodType, data: unknown, path: (string | number)[]): (string | number)[] | undefined {
  const def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  switch (def.type) {
    case 'default': case 'prefault': case 'optional': case 'nullable': case 'nonoptional': case 'readonly': case 'catch':
      return unknownKeyPath(def.innerType!, data, path);
    case 'pipe':
      return unknownKeyPath(def.in!, data, path);
    case 'array':
      if (!Array.isArray(data)) return undefined;
      for (const [i, d] of data.entries()) {
        const found = unknownKeyPath(def.element!, d, [...path, i]);
        if (found) return found;
      }
      return undefined;
    case 'record':
      if (!data || typeof data !== 'object') return undefined;
      for (const [k, v] of Object.entries(data)) {
        const found = unknownKeyPath(def.valueType!, v, [...path, k]);
        if (found) return found;
      }
      return undefined;
    case 'object':
      if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
      for (const [k, v] of Object.entries(data)) {
        // Own keys only: `constructor` or `toString` must be unknown keys, not Object.prototype's members.
        const field = Object.hasOwn(def.shape!, k) ? def.shape![k] : undefined;
        if (!field) {
          if (def.catchall && (def.catchall as unknown as { _zod: { def: SchemaDef } })._zod.def.type !== 'never') continue;
          return [...path, k];
        }
        const found = unknownKeyPath(field, v, [...path, k]);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The rules of one audit: --rule names rules to run (even those off by default), --skip removes,
 * the config turns rules on or off and sets options and severities; --framework keeps the rules that check
 * a control of those frameworks.
 */
export function selectRules(all: Rule[], config: Config, sel: Selection, configName = 'config'): SelectedRule[] {
  const named = compileSelectors(sel.rule ?? [], all, '--rule');
  const skipped = compileSelectors(sel.skip ?? [], all, '--skip');
  for (const id of Object.keys(config.rules))
    if (!all.some((r) => r.id === id)) throw new UsageError(`invalid config ${configName}: rules.${id}: ${unknownRule(id, all)}`);
  // A suppression's rule id is checked like a key under rules: (a typo would otherwise only be "unused");
  // a glob may name rules of another version and is reported unused when it matches nothing.
  (config.suppressions ?? []).forEach((s, i) => {
    if (!GLOB_CHARS.test(s.rule) && !all.some((r) => r.id === s.rule))
      throw new UsageError(`invalid config ${configName}: suppressions[${i}].rule: ${unknownRule(s.rule, all)}`);
  });
  const out: SelectedRule[] = [];
  for (const rule of all) {
    const entry = config.rules[rule.id] ?? undefined;
    const settingsCheck = ruleSettingsSchema.safeParse({ enabled: entry?.enabled, severity: entry?.severity });
    if (!settingsCheck.success)
      throw new UsageError(`invalid config ${configName}: ${zodLine(settingsCheck.error, `rules.${rule.id}`)}`);
    const options = ruleOptions(rule, entry, `invalid config ${configName}`);
    const enabled = named.length > 0 ? named.some((m) => m(rule.id)) : (settingsCheck.data.enabled ?? rule.enabledByDefault ?? true);
    if (!enabled || skipped.some((m) => m(rule.id))) continue;
    if (sel.frameworks?.length && !rule.compliance.some((c) => sel.frameworks!.includes(c.framework))) continue;
    const severity = settingsCheck.data.severity ?? rule.severity;
    out.push({ rule, options, severity, severityOverridden: settingsCheck.data.severity !== undefined });
  }
  return out;
}

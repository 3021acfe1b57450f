import { z } from 'zod';
import { safeGlob } from '../safe-regex.js';
import { SEVERITIES } from '../rule.js';
import { OPT_INS } from '../snapshot/dataset.js';
import { FRAMEWORK_IDS, unknownFramework, type FrameworkId } from '../compliance/registry.js';

/**
 * Keys that name a JavaScript object's machinery. Copied into a plain object, `__proto__` sets the
 * prototype instead of a key (so `tags: { __proto__: prod }` became `tags: {}`, which matched every
 * resource), and `constructor` or `prototype` read through to Object.prototype. The YAML parser keeps
 * them as own keys; every mapping of the configuration refuses them.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const prototypeKeyMessage = (key: string) => `${JSON.stringify(key)} is not allowed as a key`;

/**
 * The path of the first prototype key in parsed configuration data, at any depth (lists, nested
 * mappings, rule options), or undefined. Shared subtrees (YAML aliases) are walked once.
 */
export function prototypeKeyPath(data: unknown): { path: (string | number)[]; message: string } | undefined {
  const seen = new Set<object>();
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (!value || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [k, v] of entries) if (typeof k === 'string' && PROTOTYPE_KEYS.has(k)) return { path: [...path, k], message: prototypeKeyMessage(k) };
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
  }
  return undefined;
}

/** A record schema that also refuses prototype keys (which a record parse would drop or read through). */
function userMap<T extends z.ZodType>(schema: T) {
  return z.preprocess((value, ctx) => {
    if (value && typeof value === 'object' && !Array.isArray(value))
      for (const k of Object.keys(value))
        if (PROTOTYPE_KEYS.has(k)) ctx.addIssue({ code: 'custom', path: [k], message: prototypeKeyMessage(k), input: value });
    return value;
  }, schema);
}

const WRITE_A_DATE = 'expires is a calendar day: write a date such as 2027-01-31, without a time or zone';

/**
 * A calendar day, YYYY-MM-DD. A time or zone is refused rather than converted: `2027-01-31T23:00:00-05:00`
 * is 1 February in UTC, so converting shifts the day. The loader keeps YAML timestamps as the text written;
 * a Date handed over directly counts only when it is a whole UTC day.
 */
const isoDate = z.custom<string | Date>((v) => typeof v === 'string' || v instanceof Date, WRITE_A_DATE).superRefine((v, ctx) => {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime()) || v.getTime() % (24 * 3600 * 1000) !== 0) ctx.addIssue({ code: 'custom', message: WRITE_A_DATE });
    return;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) ctx.addIssue({ code: 'custom', message: WRITE_A_DATE });
  else if (Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || !new Date(`${v}T00:00:00Z`).toISOString().startsWith(v))
    ctx.addIssue({ code: 'custom', message: `not a calendar date (${v})` });
});

/**
 * Nothing a reader would see: white space, control and format characters (zero-width space and joiners,
 * bidi controls, byte-order mark, soft hyphen), other default-ignorable code points (Hangul fillers,
 * variation selectors) and the blank braille pattern.
 */
const INVISIBLE = /^[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]*$/u;
/** One such character anywhere. */
const INVISIBLE_CHAR = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/u;

export const suppressionSchema = z.strictObject({
  /** A rule id, or "*" for every rule (any glob over rule ids). */
  rule: safeGlob(),
  /** A glob over the resource ARN; `*` also matches across ":" and "/". */
  resource: safeGlob().default('*'),
  /** A region (or glob); `global` for IAM, Route 53 and other global resources. */
  region: safeGlob().optional(),
  /** Only in these accounts (12-digit ids or globs such as `1111*`): an organization audit accepts a risk where it is accepted. */
  accounts: z.array(safeGlob()).min(1, 'list at least one account, or leave accounts out').optional(),
  /** One finding, by its key (the report's `findings[].key`): accepts exactly that problem, not the next one on the resource. */
  key: z.string().regex(/^[0-9a-f]{32}$/, 'a finding key is 32 hex characters (findings[].key of a JSON report)').optional(),
  /** Every tag listed must be on the resource with that value (a glob); at least one (`{}` is refused, not "any resource"). */
  tags: userMap(z.record(z.string(), safeGlob()).refine((t) => Object.keys(t).length > 0, 'list at least one tag, or leave tags out')).optional(),
  /** Why the risk is accepted: text a reviewer can read (not only spaces, invisible or control characters). */
  reason: z
    .string()
    .trim()
    .refine((s) => !INVISIBLE.test(s), 'a suppression needs a visible reason (this one has only spaces, invisible or control characters)'),
  /** Valid through this day (UTC); from the next day on it no longer suppresses and the report says so. */
  expires: isoDate.optional(),
});
export type Suppression = z.infer<typeof suppressionSchema>;

/** Rule settings shared by every rule; the rest of a rule's entry are its own options. */
export const ruleSettingsSchema = z.object({
  enabled: z.boolean().optional(),
  severity: z.enum(SEVERITIES).optional(),
});

export const configSchema = z.strictObject({
  rules: userMap(z.record(z.string(), z.record(z.string(), z.unknown()).nullable())).default({}),
  suppressions: z.array(suppressionSchema).default([]),
  failOn: z.enum(SEVERITIES).optional(),
  minScore: z.number().min(0).max(100).optional(),
  regions: z.array(z.string()).optional(),
  /** Opt-in datasets to collect (their calls are billed): `enable: [cost-explorer]`, as --enable-cost-explorer. */
  enable: z.array(z.enum(OPT_INS)).optional(),
  /** Frameworks to report per control (as --framework): the audit runs the rules mapped to them. */
  frameworks: z.array(z.enum(FRAMEWORK_IDS as [FrameworkId, ...FrameworkId[]], { error: (issue) => unknownFramework(String(issue.input)) })).optional(),
  /**
   * Custom rules (src/plugins.ts, docs/writing-a-rule.md): local modules (./ or ../, relative to this file) or npm
   * packages installed next to it, each exporting definePlugin({ namespace, rules }).
   */
  plugins: z
    .array(
      z
        .string()
        .min(1)
        .max(500)
        .refine((s) => !INVISIBLE_CHAR.test(s), 'a plugin is a path or a package name, without control or invisible characters'),
    )
    .optional(),
});
export type Config = z.infer<typeof configSchema>;

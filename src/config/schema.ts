import { z } from 'zod';
import { safeGlob } from '../safe-regex.js';
import { SEVERITIES } from '../rule.js';

/** A calendar date, YYYY-MM-DD (YAML may also hand over a Date). */
const isoDate = z.union([
  z.date(),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date'),
]);

export const suppressionSchema = z.strictObject({
  /** A rule id, or "*" for every rule (any glob over rule ids). */
  rule: safeGlob(),
  /** A glob over the resource ARN; `*` also matches across ":" and "/". */
  resource: safeGlob().default('*'),
  /** A region (or glob); `global` for IAM, Route 53 and other global resources. */
  region: safeGlob().optional(),
  /** Every tag listed must be on the resource with that value (a glob). */
  tags: z.record(z.string(), safeGlob()).optional(),
  reason: z.string().trim().min(1, 'a suppression needs a reason'),
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
  rules: z.record(z.string(), z.record(z.string(), z.unknown()).nullable()).default({}),
  suppressions: z.array(suppressionSchema).default([]),
  failOn: z.enum(SEVERITIES).optional(),
  minScore: z.number().min(0).max(100).optional(),
  regions: z.array(z.string()).optional(),
});
export type Config = z.infer<typeof configSchema>;

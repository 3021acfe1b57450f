import { z } from 'zod';
import { SEVERITIES } from '../rule.js';

const isoDate = z.union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')]);

export const suppressionSchema = z.strictObject({
  /** A rule id, or "*" for every rule. */
  rule: z.string().min(1),
  /** A glob over the resource ARN. */
  resource: z.string().min(1).default('*'),
  region: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  reason: z.string().min(1, 'a suppression needs a reason'),
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

import { z } from 'zod';
import type { Config } from '../config/schema.js';
import { UsageError, zodLine } from '../errors.js';
import type { Rule } from '../rule.js';
import type { SelectedRule } from './evaluate.js';

export interface Selection {
  rule?: string[];
  skip?: string[];
}

function checkIds(ids: string[], rules: Rule[], what: string): void {
  for (const id of ids) {
    if (id.includes('*')) continue;
    if (!rules.some((r) => r.id === id)) throw new UsageError(`${what}: unknown rule "${id}" (see: aws-tips rules)`);
  }
}

function matches(pattern: string, id: string): boolean {
  if (!pattern.includes('*')) return pattern === id;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(id);
}

/** Parses a rule's options from its config entry; unknown keys and wrong types name their path. */
export function ruleOptions(rule: Rule, entry: Record<string, unknown> | null | undefined, where: string): unknown {
  const { enabled: _e, severity: _s, ...own } = entry ?? {};
  const schema = rule.options instanceof z.ZodObject ? rule.options.strict() : rule.options;
  const parsed = schema.safeParse(own);
  if (!parsed.success) throw new UsageError(`${where}: ${zodLine(parsed.error, `rules.${rule.id}`)}`);
  return parsed.data;
}

/**
 * The rules of one audit: --rule names rules to run (even those off by default), --skip removes,
 * the config turns rules on or off and sets options and severities.
 */
export function selectRules(all: Rule[], config: Config, sel: Selection, configName = 'config'): SelectedRule[] {
  checkIds(sel.rule ?? [], all, '--rule');
  checkIds(sel.skip ?? [], all, '--skip');
  for (const id of Object.keys(config.rules))
    if (!all.some((r) => r.id === id)) throw new UsageError(`invalid config ${configName}: rules.${id}: unknown rule`);
  const out: SelectedRule[] = [];
  for (const rule of all) {
    const entry = config.rules[rule.id] ?? undefined;
    const settingsCheck = z
      .object({ enabled: z.boolean().optional(), severity: z.enum(['critical', 'high', 'medium', 'low', 'info']).optional() })
      .safeParse({ enabled: entry?.enabled, severity: entry?.severity });
    if (!settingsCheck.success)
      throw new UsageError(`invalid config ${configName}: ${zodLine(settingsCheck.error, `rules.${rule.id}`)}`);
    const options = ruleOptions(rule, entry, `invalid config ${configName}`);
    const named = sel.rule?.some((p) => matches(p, rule.id));
    const enabled = sel.rule?.length ? named : (settingsCheck.data.enabled ?? rule.enabledByDefault ?? true);
    if (!enabled || sel.skip?.some((p) => matches(p, rule.id))) continue;
    const severity = settingsCheck.data.severity ?? rule.severity;
    out.push({ rule, options, severity, severityOverridden: settingsCheck.data.severity !== undefined });
  }
  return out;
}

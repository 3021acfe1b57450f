import { z } from 'zod';
import { policyFor } from '../aws/policy.js';
import { loadConfig } from '../config/load.js';
import { selectRules } from '../engine/select.js';
import { UsageError } from '../errors.js';
import type { Rule } from '../rule.js';
import { sectionName } from '../sections.js';
import { RULES } from '../../rules/index.js';
import { ruleDatasets } from '../rule.js';

/** An option's default values, as the rule's zod schema fills them in. */
export function optionDefaults(rule: Rule): Record<string, unknown> {
  const parsed = rule.options.safeParse({});
  return parsed.success && parsed.data && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : {};
}

export function ruleSummary(rule: Rule) {
  return {
    id: rule.id,
    section: rule.section,
    tip: rule.tip,
    title: rule.title,
    kind: rule.kind,
    severity: rule.severity,
    enabledByDefault: rule.enabledByDefault ?? true,
    needs: [...rule.needs],
    options: optionDefaults(rule),
  };
}

export async function listRules(format: string): Promise<string> {
  if (format === 'json') return `${JSON.stringify(RULES.map(ruleSummary), null, 2)}\n`;
  const rows = RULES.map((r) => [r.id, r.section, r.kind, r.severity, r.enabledByDefault === false ? 'off' : 'on']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join('  '));
  return `${['id'.padEnd(widths[0]!), 'section'.padEnd(widths[1]!), 'kind'.padEnd(widths[2]!), 'severity'.padEnd(widths[3]!), 'default'].join('  ')}\n${lines.join('\n')}\n${RULES.length} rules. aws-tips explain <id> for details.\n`;
}

export async function explainRule(id: string): Promise<string> {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new UsageError(`unknown rule "${id}" (see: aws-tips rules)`);
  const d = rule.docs;
  const opts = optionDefaults(rule);
  const out = [
    `${rule.id} — ${rule.title}`,
    '',
    `Tip (${sectionName(rule.section)}): ${rule.tip}`,
    `Kind: ${rule.kind} · severity: ${rule.severity}${rule.enabledByDefault === false ? ' · off by default' : ''}`,
    `Data: ${rule.needs.length ? rule.needs.join(', ') : 'none (advisory)'}`,
    '',
    'Why:',
    `  ${d.rationale}`,
    '',
    'What is checked:',
    `  ${d.checks}`,
    '',
    'How to fix:',
    `  ${d.remediation}`,
    ...(d.cli ? ['', `  ${d.cli}`] : []),
    ...(d.outdated ? ['', 'Since 2014:', `  ${d.outdated}`] : []),
    ...(Object.keys(opts).length
      ? ['', 'Options (.aws-tips.yml, rules.' + rule.id + '):', ...Object.entries(opts).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)]
      : []),
    ...(d.links.length ? ['', 'Links:', ...d.links.map((l) => `  ${l}`)] : []),
  ];
  return `${out.join('\n')}\n`;
}

export async function printPolicy(flags: { rule?: string[]; skip?: string[]; config?: string }): Promise<string> {
  const { config, file } = loadConfig(flags.config);
  const selected = selectRules(RULES, config, { rule: flags.rule, skip: flags.skip }, file);
  return `${JSON.stringify(policyFor(selected.flatMap((s) => ruleDatasets(s.rule))), null, 2)}\n`;
}

void z;

import { policyFor } from '../aws/policy.js';
import { loadConfig } from '../config/load.js';
import { selectRules, unknownRule } from '../engine/select.js';
import { collectionDatasets } from '../engine/identity.js';
import { UsageError } from '../errors.js';
import type { Rule } from '../rule.js';
import { SECTIONS, sectionName } from '../sections.js';
import { wrap } from '../report/text.js';
import { RULES } from '../../rules/index.js';
import { ruleDatasets } from '../rule.js';
import { enabledDatasets, enabledOptIns } from '../snapshot/opt-in.js';

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
  // One block per rule, grouped by the tip's section: everything `rules --format json` has, readable at 80 columns.
  const out: string[] = [];
  for (const section of SECTIONS) {
    const rules = RULES.filter((r) => r.section === section.id);
    if (!rules.length) continue;
    out.push(`${section.name}`, '');
    for (const r of rules) {
      const opts = Object.entries(optionDefaults(r)).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      out.push(
        `  ${r.id}  [${r.kind}, ${r.severity}${r.enabledByDefault === false ? ', off by default' : ''}]`,
        ...wrap(`    tip: ${r.tip}`, 80, '         '),
        ...wrap(`    checks: ${r.title}`, 80, '            '),
        ...wrap(`    needs: ${r.needs.length ? r.needs.join(', ') : 'nothing (advice)'}`, 80, '           '),
        ...(opts.length ? ['    options:', ...opts.map((o) => `      ${o}`)] : []),
        '',
      );
    }
  }
  out.push(`${RULES.length} rules. aws-tips explain <id> for one rule; --format json for all of this as JSON.`);
  return `${out.join('\n')}\n`;
}

export async function explainRule(id: string): Promise<string> {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new UsageError(unknownRule(id, RULES));
  const d = rule.docs;
  const opts = optionDefaults(rule);
  // Prose wraps at 80 columns; commands stay whole, one a line, so they can be copied.
  const para = (text: string) => wrap(`  ${text}`, 80, '  ');
  const out = [
    ...wrap(`${rule.id} — ${rule.title}`, 80, '  '),
    '',
    ...wrap(`Tip (${sectionName(rule.section)}): ${rule.tip}`, 80, '  '),
    `Kind: ${rule.kind} · severity: ${rule.severity}${rule.enabledByDefault === false ? ' · off by default' : ''}`,
    ...wrap(`Data: ${rule.needs.length ? rule.needs.join(', ') : 'none (advisory)'}`, 80, '      '),
    '',
    'Why:',
    ...para(d.rationale),
    '',
    'What is checked:',
    ...para(d.checks),
    '',
    'How to fix:',
    ...para(d.remediation),
    ...(d.cli ? ['', ...d.cli.split('\n').map((c) => `  ${c}`)] : []),
    ...(d.outdated ? ['', 'Since 2014:', ...para(d.outdated)] : []),
    ...(Object.keys(opts).length
      ? ['', 'Options (.aws-tips.yml, rules.' + rule.id + '):', ...Object.entries(opts).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)]
      : []),
    ...(Object.keys(rule.messages ?? {}).length
      ? ['', 'Messages (a finding\'s messageId, part of its identity):', ...Object.entries(rule.messages ?? {}).flatMap(([k, v]) => wrap(`  ${k}: ${v}`, 80, '    '))]
      : []),
    ...(d.links.length ? ['', 'Links:', ...d.links.map((l) => `  ${l}`)] : []),
  ];
  return `${out.join('\n')}\n`;
}

export async function printPolicy(flags: { rule?: string[]; skip?: string[]; config?: string; enableCostExplorer?: boolean }): Promise<string> {
  const { config, file } = loadConfig(flags.config);
  const selected = selectRules(RULES, config, { rule: flags.rule, skip: flags.skip }, file);
  const datasets = collectionDatasets(selected.flatMap((s) => ruleDatasets(s.rule)), config.suppressions);
  return `${JSON.stringify(policyFor(enabledDatasets(datasets, enabledOptIns(flags, config))), null, 2)}\n`;
}


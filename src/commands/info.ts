import { policyFor } from '../aws/policy.js';
import { emptyConfig, loadConfig } from '../config/load.js';
import { selectRules, unknownRule } from '../engine/select.js';
import { collectionDatasets } from '../engine/identity.js';
import { UsageError } from '../errors.js';
import type { Rule } from '../rule.js';
import { SECTIONS, sectionName } from '../sections.js';
import { wrap } from '../report/text.js';
import { RULES } from '../../rules/index.js';
import { loadRules } from '../plugins.js';
import { ruleDatasets } from '../rule.js';
import { enabledDatasets, enabledOptIns } from '../snapshot/opt-in.js';
import { complianceEntries, FRAMEWORK_IDS, FRAMEWORKS, frameworkCoverage, isFrameworkId, unknownFramework, type FrameworkId } from '../compliance/registry.js';

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
    compliance: complianceEntries(rule.compliance),
  };
}

/** `aws-tips rules` flags: filters, and --long for a block per rule. */
export interface RulesFlags {
  format: string;
  rule?: string[];
  section?: string;
  severity?: string;
  kind?: string;
  framework?: FrameworkId[];
  long?: boolean;
  /** The config file whose plugins add rules (default: .aws-tips.yml if present). */
  config?: string;
}

const KIND_SHORT: Record<string, string> = { automatic: 'auto', heuristic: 'heuristic', manual: 'manual' };

/** The rules the filters keep: --rule ids or globs (a typo or a glob matching nothing is an error), --section, --severity, --kind, --framework. */
export function filterRules(flags: Omit<RulesFlags, 'format' | 'long'>, all: Rule[] = RULES): Rule[] {
  if (flags.section && !SECTIONS.some((s) => s.id === flags.section))
    throw new UsageError(`--section: unknown section ${JSON.stringify(flags.section)} (one of: ${SECTIONS.map((s) => s.id).join(', ')})`);
  const named = flags.rule?.length ? new Set(selectRules(all, emptyConfig(), { rule: flags.rule }).map((s) => s.rule.id)) : undefined;
  return all.filter((r) => (!named || named.has(r.id)) && (!flags.section || r.section === flags.section) &&
    (!flags.severity || r.severity === flags.severity) && (!flags.kind || r.kind === flags.kind) &&
    (!flags.framework?.length || r.compliance.some((c) => flags.framework!.includes(c.framework))));
}

export async function listRules(format: string, flags: Omit<RulesFlags, 'format'> = {}): Promise<string> {
  const all = await rulesOf(flags.config);
  const list = filterRules(flags, all);
  if (format === 'json') return `${JSON.stringify(list.map(ruleSummary), null, 2)}\n`;
  if (!flags.long) {
    // One line per rule, at most 80 columns: the title is cut (whole in --long and explain).
    const idW = Math.max(2, ...list.map((r) => r.id.length));
    const secW = Math.max(7, ...list.map((r) => r.section.length));
    const cols = (id: string, sec: string, sev: string, kind: string) => `${id.padEnd(idW)}  ${sec.padEnd(secW)}  ${sev.padEnd(8)}  ${kind.padEnd(9)}  `;
    const lines = [cols('id', 'section', 'severity', 'kind') + 'title'];
    for (const r of list) {
      const head = cols(r.id, r.section, r.severity, KIND_SHORT[r.kind]!);
      const room = 80 - head.length;
      lines.push(head + (r.title.length <= room ? r.title : `${r.title.slice(0, Math.max(0, room - 1))}…`));
    }
    lines.push(...wrap(`${list.length} of ${all.length} rules. --long for tips, needs and options; aws-tips explain <id> for one rule.`, 80, ''));
    return `${lines.join('\n')}\n`;
  }
  // One block per rule, grouped by the tip's section: everything `rules --format json` has, readable at 80 columns.
  const out: string[] = [];
  for (const section of SECTIONS) {
    const rules = list.filter((r) => r.section === section.id);
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
        ...(r.compliance.length ? wrap(`    controls: ${r.compliance.map((c) => `${c.framework} ${c.control}${c.coverage === 'partial' ? ' (partial)' : ''}`).join(', ')}`, 80, '      ') : []),
        '',
      );
    }
  }
  out.push(`${list.length} of ${all.length} rules. aws-tips explain <id> for one rule; --format json for all of this as JSON.`);
  return `${out.join('\n')}\n`;
}

/** An option's value as YAML-ish flow text, with a space after each comma of a list, so it wraps at 80 columns. */
const optionValue = (v: unknown) => (Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]` : JSON.stringify(v));

export async function explainRule(id: string, configFile?: string): Promise<string> {
  const all = await rulesOf(configFile);
  const rule = all.find((r) => r.id === id);
  if (!rule) throw new UsageError(unknownRule(id, all));
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
      ? ['', 'Options (.aws-tips.yml, rules.' + rule.id + '):', ...Object.entries(opts).flatMap(([k, v]) => wrap(`  ${k}: ${optionValue(v)}`, 80, '    '))]
      : []),
    ...(rule.compliance.length
      ? [
          '',
          'Compliance controls (aws-tips frameworks ID lists a framework):',
          ...complianceEntries(rule.compliance).flatMap((c) => [
            ...wrap(`  ${c.framework} ${c.control} (${c.coverage}): ${c.title}`, 80, '    '),
            ...(c.note ? wrap(`    note: ${c.note}`, 80, '      ') : []),
          ]),
        ]
      : []),
    ...(Object.keys(rule.messages ?? {}).length
      ? ['', 'Messages (a finding\'s messageId, part of its identity):', ...Object.entries(rule.messages ?? {}).flatMap(([k, v]) => wrap(`  ${k}: ${v}`, 80, '    '))]
      : []),
    ...(d.links.length ? ['', 'Links:', ...d.links.map((l) => `  ${l}`)] : []),
  ];
  return `${out.join('\n')}\n`;
}

/** Core and plugin rules, for the commands that read a config only for its plugins (rules, explain, frameworks). */
async function rulesOf(configFile: string | undefined): Promise<Rule[]> {
  const { config, file } = await loadConfig(configFile);
  return loadRules(config, file);
}

export async function printPolicy(flags: {
  rule?: string[];
  skip?: string[];
  framework?: FrameworkId[];
  config?: string;
  enableCostExplorer?: boolean;
  org?: boolean;
  roleName?: string;
}): Promise<string> {
  const { config, file } = await loadConfig(flags.config);
  const frameworks = flags.framework?.length ? flags.framework : (config.frameworks ?? []);
  const selected = selectRules(await loadRules(config, file), config, { rule: flags.rule, skip: flags.skip, frameworks }, file);
  const datasets = collectionDatasets(selected.flatMap((s) => ruleDatasets(s.rule)), config.suppressions);
  const member = policyFor(enabledDatasets(datasets, enabledOptIns(flags, config)));
  if (!flags.org) return `${JSON.stringify(member, null, 2)}\n`;
  // An organization audit: the caller lists the accounts and assumes the member role in each; every account
  // audited (the caller's own included, which it audits with its own credentials) needs the member policy.
  // Loaded here: the organization modules load the Organizations SDK client, which `rules` and `explain` do not need.
  const [{ DISCOVERY_OPERATIONS }, { DEFAULT_MEMBER_ROLE }] = await Promise.all([import('../org/accounts.js'), import('./org.js')]);
  const role = (flags.roleName ?? DEFAULT_MEMBER_ROLE).replace(/^\//, '');
  const caller = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AwsTipsListAccounts', Effect: 'Allow', Action: [...DISCOVERY_OPERATIONS], Resource: '*' },
      { Sid: 'AwsTipsAssumeMemberRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:*:iam::*:role/${role}` },
    ],
  };
  return `${JSON.stringify({ caller, member }, null, 2)}\n`;
}


/** Each framework's controls by how well aws-tips covers them: the counts `aws-tips frameworks` and the docs show. */
export function frameworkSummary(id: FrameworkId, rules: readonly Rule[] = RULES) {
  const controls = frameworkCoverage(id, rules);
  const count = (c: string) => controls.filter((x) => x.coverage === c).length;
  return { id, ...FRAMEWORKS[id], controls: controls.length, full: count('full'), partial: count('partial'), notChecked: count('none') };
}

/**
 * `aws-tips frameworks`: the frameworks with their source and how many controls aws-tips checks fully, in part
 * or not at all; `aws-tips frameworks ID`: that framework's controls, each with the rules that check it.
 */
export async function listFrameworks(id: string | undefined, format: string, configFile?: string): Promise<string> {
  const rules = await rulesOf(configFile);
  if (id === undefined) {
    const all = FRAMEWORK_IDS.map((f) => frameworkSummary(f, rules));
    if (format === 'json') return `${JSON.stringify(all, null, 2)}\n`;
    const idW = Math.max(...all.map((f) => f.id.length));
    const lines = [`${'id'.padEnd(idW)}  controls  full  partial  not checked`];
    for (const f of all) lines.push(`${f.id.padEnd(idW)}  ${String(f.controls).padStart(8)}  ${String(f.full).padStart(4)}  ${String(f.partial).padStart(7)}  ${String(f.notChecked).padStart(11)}`);
    lines.push('');
    // Source URLs stay whole, on their own line, so they can be copied.
    for (const f of all) lines.push(...wrap(`${f.id}: ${f.title} ${f.version}`, 80, '  '), `  ${f.source}`);
    lines.push('', ...wrap('Controls are those of the services aws-tips reads (docs/compliance.md). aws-tips frameworks ID lists one framework\'s controls; audit --framework ID reports per control.', 80, ''));
    return `${lines.join('\n')}\n`;
  }
  if (!isFrameworkId(id)) throw new UsageError(unknownFramework(id));
  const controls = frameworkCoverage(id, rules);
  if (format === 'json') return `${JSON.stringify({ ...frameworkSummary(id, rules), controlList: controls }, null, 2)}\n`;
  const f = frameworkSummary(id, rules);
  const lines = [...wrap(`${f.title} ${f.version} (${id})`, 80, '  '), `Source: ${f.source}`, ''];
  for (const c of controls) {
    lines.push(...wrap(`${c.control}  ${c.title}`, 80, '    '));
    if (c.rules.length === 0) lines.push('    not checked by aws-tips');
    for (const r of c.rules) lines.push(...wrap(`    ${r.coverage === 'full' ? 'checked by' : 'partly checked by'} ${r.rule}${r.note ? `: ${r.note}` : ''}`, 80, '      '));
  }
  lines.push('', `${f.controls} controls: ${f.full} checked fully, ${f.partial} in part, ${f.notChecked} not checked by aws-tips.`);
  return `${lines.join('\n')}\n`;
}

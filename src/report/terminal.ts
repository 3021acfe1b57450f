import { Chalk, type ChalkInstance } from 'chalk';
import { FINDING_STATUSES, statusRank, type FindingStatus, type Severity } from '../rule.js';
import { SECTIONS } from '../sections.js';
import type { Report, ReportFinding, ReportRule } from '../engine/report.js';
import { escapeControl, wrap } from './text.js';

export interface TerminalOptions {
  color: boolean;
  width?: number;
  /** Show passing findings too (default: failing, warnings, errors and info only). */
  verbose?: boolean;
}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRIT', high: 'HIGH', medium: 'MED', low: 'LOW', info: 'INFO' };
const STATUS_LABEL: Record<string, string> = { pass: 'PASS', info: 'INFO', error: 'ERR ' };
const STATUS_MARK: Record<string, string> = {
  fail: '✗', warn: '!', error: '?', pass: '✓', info: 'i', 'not-applicable': '-',
};

function palette(c: ChalkInstance) {
  const sev: Record<Severity, (s: string) => string> = {
    critical: (s) => c.bgRed.white.bold(s),
    high: (s) => c.red.bold(s),
    medium: (s) => c.yellow(s),
    low: (s) => c.cyan(s),
    info: (s) => c.gray(s),
  };
  const status: Record<string, (s: string) => string> = {
    fail: c.red, warn: c.yellow, error: c.magenta, pass: c.green, info: c.blue, 'not-applicable': c.gray,
  };
  return { sev, status };
}

function scoreText(c: ChalkInstance, score: number | null): string {
  if (score === null) return c.gray('n/a');
  const colour = score >= 90 ? c.green : score >= 70 ? c.yellow : c.red;
  return colour(`${Math.round(score)}/100`);
}

/** Problems first (the one status order), suppressed ones after the live ones. */
const rank = (f: ReportFinding) => statusRank(f.status) + (f.suppressed ? FINDING_STATUSES.length : 0);

export function renderTerminal(report: Report, opts: TerminalOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const { sev, status } = palette(c);
  const width = Math.max(60, opts.width ?? 80);
  const out: string[] = [];
  // Everything from the account, the snapshot file or the config goes through esc(): escape sequences and
  // forged line breaks are shown, never run.
  const esc = escapeControl;
  const src = report.source.kind === 'live' ? 'live' : report.source.kind === 'demo' ? 'demo snapshot' : `snapshot ${esc(report.source.file ?? '')}`;
  out.push(c.bold(`aws-tips ${esc(report.tool.version)}`) + c.gray(` · account ${esc(report.account.id)} · ${src}`));
  out.push(c.gray(wrap(`regions: ${report.regions.map(esc).join(', ')} · collected ${esc(report.source.collectedAt)}`, width, '  ').join('\n')));

  const byRule = new Map<string, ReportFinding[]>();
  for (const f of report.findings) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, []).get(f.ruleId)!).push(f);

  for (const section of SECTIONS) {
    const rules = report.rules.filter((r) => r.section === section.id);
    if (rules.length === 0) continue;
    const sectionScore = report.score.sections.find((s) => s.id === section.id)?.score ?? null;
    out.push('');
    out.push(`${c.bold.underline(section.name)}  ${scoreText(c, sectionScore)}`);
    for (const rule of rules) out.push(...renderRule(rule, byRule.get(rule.id) ?? [], { c, sev, status, width, verbose: !!opts.verbose }));
  }

  out.push('', c.bold('Summary'));
  out.push(`  Score ${scoreText(c, report.score.overall)}   fail-on: ${report.failOn}   violations: ${report.summary.violations}`);
  const rc = report.summary.rules;
  out.push(
    `  Rules     ${status.fail(`${rc.fail} failed`)}, ${status.warn(`${rc.warn} warned`)}, ${status.error(`${rc.error} not checked`)}, ` +
      `${status.pass(`${rc.pass} passed`)}, ${rc.info} advisory, ${rc['not-applicable']} n/a`,
  );
  const fc = report.summary.findings;
  out.push(
    `  Findings  ${fc.fail} fail, ${fc.warn} warn, ${fc.error} error, ${fc.pass} pass, ${fc.info} info` +
      (report.summary.suppressed ? `, ${report.summary.suppressed} suppressed` : ''),
  );
  if (report.minScore !== null)
    out.push(`  Minimum score ${report.minScore}${report.summary.belowMinScore ? c.red(' (not reached)') : ''}`);
  const b = report.baseline;
  if (b) {
    out.push(...wrap(`  Baseline  ${escapeControl(b.file)}: ${c.bold(`${b.counts.new} new`)}, ${b.counts.unchanged} unchanged, ${b.counts.fixed} fixed (only new findings gate)`, width, '            '));
    for (const f of b.fixed.slice(0, 20))
      out.push(...wrap(`    ${c.green('fixed')} ${esc(f.ruleId)} ${esc(f.resource.id)} ${esc(f.message)}`, width, '          '));
    if (b.fixed.length > 20) out.push(`    ... and ${b.fixed.length - 20} more fixed (see --format json)`);
  }
  const review = report.suppressions.filter((x) => x.status !== 'used');
  if (review.length) {
    out.push('', c.bold.yellow('Suppressions to review'));
    for (const x of review) {
      const what = x.status === 'expired'
        ? `expired on ${esc(x.expires ?? '')}${x.matched ? `: ${x.matched} finding(s) no longer suppressed` : ''}`
        : 'unused: it matched no finding';
      out.push(...wrap(`  ${escapeControl(x.rule)} on ${escapeControl(x.resource)}${x.region ? ` in ${escapeControl(x.region)}` : ''}: ${what}`, width, '      '));
    }
  }
  if (report.notChecked.length) {
    out.push('', c.bold.magenta('Could not be checked'));
    for (const n of report.notChecked.slice(0, 20))
      out.push(...wrap(`  ${esc(n.ruleId)} (${esc(n.region)}): ${esc(n.message)}`, width, '      '));
    if (report.notChecked.length > 20) out.push(`  ... and ${report.notChecked.length - 20} more (see --format json)`);
  }
  return `${out.join('\n')}\n`;
}

function renderRule(
  rule: ReportRule,
  findings: ReportFinding[],
  ctx: { c: ChalkInstance; sev: Record<Severity, (s: string) => string>; status: Record<string, (s: string) => string>; width: number; verbose: boolean },
): string[] {
  const { c, sev, status, width } = ctx;
  const lines: string[] = [];
  const mark = status[rule.status]!(STATUS_MARK[rule.status]!);
  const counts = [
    ...Object.entries(rule.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`),
    ...(rule.suppressed ? [`${rule.suppressed} suppressed`] : []),
  ].join(', ');
  lines.push(...wrap(`${mark} ${c.bold(rule.id)} ${c.gray(`— ${rule.title}`)}${counts ? c.gray(` (${counts})`) : ''}`, width, '    '));
  const shown = findings
    .filter((f) => ctx.verbose || f.status !== 'pass')
    .sort((a, b) => rank(a) - rank(b));
  const limit = 15;
  for (const f of shown.slice(0, limit)) {
    const label = f.suppressed
      ? c.gray('SUPP')
      : f.status === 'fail' || f.status === 'warn' ? sev[f.severity](SEVERITY_LABEL[f.severity].padEnd(4)) : status[f.status]!(STATUS_LABEL[f.status]!);
    // The id and region are printed only where the message does not already name them.
    const id = f.message.includes(f.resource.id) || f.resource.arn.endsWith(':account') ? '' : ` ${escapeControl(f.resource.id)}`;
    const where = f.resource.region === 'global' || f.message.includes(f.resource.region) ? '' : c.gray(` [${escapeControl(f.resource.region)}]`);
    const isNew = f.baseline === 'new' && f.status === 'fail' && !f.suppressed ? c.bold(' [new]') : '';
    const why = f.suppressed ? c.gray(` (suppressed ${f.status}: ${escapeControl(f.suppressed.reason)})`) : '';
    lines.push(...wrap(`    ${label}${isNew}${id}${where} ${escapeControl(f.message)}${why}`, width, '         '));
  }
  if (shown.length > limit) lines.push(c.gray(`         ... ${shown.length - limit} more (see --format json)`));
  // Wrapped before colouring, so escape codes do not count against the width.
  if (rule.status === 'fail' && rule.cli)
    for (const [i, command] of rule.cli.split('\n').entries())
      lines.push(...wrap(`${i === 0 ? '    fix: ' : '         '}${command}`, width, '           ', false).map((l) => c.gray(l)));
  return lines;
}

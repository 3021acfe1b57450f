import { Chalk, type ChalkInstance } from 'chalk';
import { FINDING_STATUSES, severityRank, statusRank, type Severity } from '../rule.js';
import { SECTIONS } from '../sections.js';
import type { Report, ReportFinding, ReportRule } from '../engine/report.js';
import type { ReportFramework } from '../engine/compliance.js';
import { accountsWorstFirst, escapeControl, wrap } from './text.js';

export interface TerminalOptions {
  color: boolean;
  width?: number;
  /** Show passing findings too, and each manual rule's advice in its section. */
  verbose?: boolean;
  /** Only what gates (the fix-first list, whole) and the summary. */
  quiet?: boolean;
}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'CRIT', high: 'HIGH', medium: 'MED', low: 'LOW', info: 'INFO' };
const STATUS_TEXT: Record<string, string> = {
  fail: 'FAIL', warn: 'WARN', error: 'ERROR', pass: 'PASS', info: 'INFO', 'not-applicable': 'N/A',
};
const STATUS_MARK: Record<string, string> = {
  fail: '✗', warn: '!', error: '?', pass: '✓', info: 'i', 'not-applicable': '-',
};
/** The fix-first list shows at most this many findings (all of them with --quiet). */
const FIX_FIRST = 10;
/** Each framework block lists at most this many of its worst controls (markdown and html list them all). */
const WORST_CONTROLS = 10;
/** The per-account block lists at most this many accounts (markdown, html and json list them all). */
const ACCOUNT_LINES = 15;
/** The controls a framework block lists: what fails, needs a look, or could not be fully read. */
const CONTROL_LABEL: Record<string, string> = { fail: '✗ FAIL', warn: '! WARN', incomplete: '? INCOMPLETE' };

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

/** The score as the gate compares it (one decimal), never rounded to a different number. */
function scoreText(c: ChalkInstance, score: number | null): string {
  if (score === null) return c.gray('n/a');
  const colour = score >= 90 ? c.green : score >= 70 ? c.yellow : c.red;
  return colour(`${score}/100`);
}

/** Problems first (the one status order), suppressed ones after the live ones. */
const rank = (f: ReportFinding) => statusRank(f.status) + (f.suppressed ? FINDING_STATUSES.length : 0);

/** The exact command a finding's evidence carries (`aws ec2 revoke-security-group-ingress --region ...`), if any. */
function evidenceCommand(f: ReportFinding): string | undefined {
  for (const v of Object.values(f.evidence)) if (typeof v === 'string' && /^aws [a-z0-9-]+ [a-z0-9-]+/.test(v)) return escapeControl(v);
  return undefined;
}

/** The resource id, unless the message already names it (a DNS name with or without its final dot included). */
function shownId(f: ReportFinding): string {
  const id = f.resource.id;
  if (f.resource.arn.endsWith(':account') || f.message.includes(id) || (id.endsWith('.') && f.message.includes(id.slice(0, -1)))) return '';
  return ` ${escapeControl(id)}`;
}

/** Why a section has no score, from its rules' statuses. */
function noScoreReason(rules: ReportRule[]): string {
  const st = new Set(rules.map((r) => r.status));
  if (st.size === 1 && st.has('error')) return 'not checked';
  if ([...st].every((s) => s === 'not-applicable')) return 'nothing in scope';
  if ([...st].every((s) => s === 'info' || s === 'not-applicable')) return 'advice only';
  return 'nothing weighted to score';
}

type Paint = (s: string) => string;

/** Lines per piece, about: the lines so far are written once there are this many. */
const LINES = 1000;

/** The whole text as one string (small reports; the CLI writes renderTerminalChunks). */
export function renderTerminal(report: Report, opts: TerminalOptions): string {
  return [...renderTerminalChunks(report, opts)].join('');
}

/**
 * The same text as renderTerminal, in pieces of about LINES lines, each line with its line break: the fix-first list
 * (all of it with --quiet) and the sections a rule at a time, never the whole text as one string.
 */
export function* renderTerminalChunks(report: Report, opts: TerminalOptions): Generator<string> {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const { sev, status } = palette(c);
  const width = Math.max(60, opts.width ?? 80);
  const out: string[] = [];
  /** The lines so far, each with its line break; `out` is emptied. */
  const flush = () => {
    const text = `${out.join('\n')}\n`;
    out.length = 0;
    return text;
  };
  /** Wraps plain text to the width, then paints the first occurrence of `label` in the first line. */
  const push = (text: string, indent: string, paint?: [string, Paint][]) => {
    const lines = wrap(text, width, indent);
    for (const [label, p] of paint ?? []) {
      const i = lines.findIndex((l) => l.includes(label));
      if (i >= 0) lines[i] = lines[i]!.replace(label, p(label));
    }
    out.push(...lines);
  };
  // Everything from the account, the snapshot file or the config goes through esc(): escape sequences and
  // forged line breaks are shown, never run.
  const esc = escapeControl;
  const src = report.source.kind === 'live' ? 'live' : report.source.kind === 'demo' ? 'demo snapshot' : report.source.file === null ? 'snapshots' : `snapshot ${esc(report.source.file)}`;
  // Not wrapped: a snapshot's path stays whole, to be copied.
  // With several accounts, each finding names its own (`acct`); with one, nothing changes.
  const several = report.accounts.length > 1;
  const acct = (f: { account: string }) => (several ? ` ${esc(f.account)}` : '');
  const audited = several ? `${report.accounts.length} accounts` : `account ${esc(report.account.id)}`;
  out.push(c.bold(`aws-tips ${esc(report.tool.version)}`) + c.gray(` · ${audited} · ${src}`));
  out.push(...wrap(`regions: ${report.regions.map(esc).join(', ')} · collected ${esc(report.source.collectedAt)}`, width, '  ').map((l) => c.gray(l)));
  const rulesById = new Map(report.rules.map((r) => [r.id, r]));

  if (!opts.quiet)
    out.push(...wrap('Marks: ✗ FAIL breaks the tip · ! WARN needs a look (never gates) · ? ERROR not checked · ✓ PASS · i INFO advice · - N/A nothing to check. Severity: CRIT, HIGH, MED, LOW.', width, '  ').map((l) => c.gray(l)));

  // Fix first: what gates, worst severity first, then the fixes that cover the most resources.
  const gating = report.findings.filter((f) => f.gates);
  const perRule = new Map<string, number>();
  for (const f of gating) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
  gating.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || perRule.get(b.ruleId)! - perRule.get(a.ruleId)! ||
    a.ruleId.localeCompare(b.ruleId) || a.resource.region.localeCompare(b.resource.region) || a.resource.id.localeCompare(b.resource.id));
  out.push('', c.bold(`Fix first (${gating.length} finding${gating.length === 1 ? '' : 's'} at or above ${report.failOn} fail the audit)`));
  if (gating.length === 0) out.push('  Nothing gates.');
  const listed = opts.quiet ? gating : gating.slice(0, FIX_FIRST);
  const templated = new Set<string>();
  for (const [i, f] of listed.entries()) {
    const n = `${i + 1}.`.padEnd(4);
    const label = `${STATUS_TEXT.fail} ${SEVERITY_LABEL[f.severity]}`;
    const isNew = f.baseline === 'new' ? ' [new]' : '';
    push(`  ${n}${label}${isNew} ${esc(f.ruleId)}${acct(f)}${shownId(f)} [${esc(f.resource.region)}] ${esc(f.message)}`, '      ', [[label, sev[f.severity]], ...(isNew ? [['[new]', c.bold] as [string, Paint]] : [])]);
    // Commands stand whole on their own lines, never wrapped, so they can be copied.
    const exact = evidenceCommand(f);
    if (exact) out.push(`      $ ${exact}`);
    else {
      const rule = rulesById.get(f.ruleId);
      if (rule?.cli && !templated.has(rule.id)) {
        templated.add(rule.id);
        for (const cmd of rule.cli.split('\n')) out.push(c.gray(`      fix: ${esc(cmd)}`));
      }
    }
    if (out.length >= LINES) yield flush();
  }
  if (gating.length > listed.length)
    out.push(...wrap(`  ... and ${gating.length - listed.length} more that gate, in the sections below (--quiet lists them all)`, width, '      ').map((l) => c.gray(l)));

  const byRule = new Map<string, ReportFinding[]>();
  for (const f of report.findings) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, []).get(f.ruleId)!).push(f);

  if (!opts.quiet) {
    for (const section of SECTIONS) {
      const rules = report.rules.filter((r) => r.section === section.id && (opts.verbose || r.kind !== 'manual'));
      if (rules.length === 0) continue;
      const sectionScore = report.score.sections.find((s) => s.id === section.id)?.score ?? null;
      out.push('');
      out.push(`${c.bold.underline(section.name)}  ${scoreText(c, sectionScore)}`);
      for (const rule of rules) {
        out.push(...renderRule(rule, byRule.get(rule.id) ?? [], { c, sev, status, width, verbose: !!opts.verbose, acct }));
        if (out.length >= LINES) yield flush();
      }
    }
    // Manual rules' advice: once, one line each, not a paragraph each on every run.
    const manual = report.rules.filter((r) => r.kind === 'manual');
    if (manual.length && !opts.verbose) {
      out.push('', ...wrap(`Check by hand (${manual.length} tips no API can check; aws-tips explain <id>, or --verbose)`, width, '  ').map((l) => c.bold(l)));
      for (const r of manual) push(`  i ${esc(r.id)} — ${esc(r.title)}`, '      ');
    }
    // The sections end a piece: the summary starts the next (a piece is never empty: that would add a line break).
    if (out.length) yield flush();
  }

  out.push('', c.bold('Summary'));
  const overall = scoreText(new Chalk({ level: 0 }), report.score.overall);
  push(`  Score ${overall}   fail-on: ${report.failOn}   violations: ${report.summary.violations}`, '        ', [[overall, () => scoreText(c, report.score.overall)]]);
  push('  How scored: each rule\'s share of passing resources, weighted by severity (critical 10, high 5, medium 3, low 1); a warn counts half; errors, advice and n/a are not scored.', '    ');
  const unscored = report.score.sections.filter((s) => s.score === null && report.rules.some((r) => r.section === s.id));
  if (unscored.length)
    push(`  No score: ${unscored.map((s) => `${s.name} (${noScoreReason(report.rules.filter((r) => r.section === s.id))})`).join(', ')}`, '    ');
  const rc = report.summary.rules;
  push(
    `  Rules     ${rc.fail} failed, ${rc.warn} warned, ${rc.error} not checked, ${rc.pass} passed, ${rc.info} advisory, ${rc['not-applicable']} n/a`,
    '            ',
    [[`${rc.fail} failed`, status.fail!], [`${rc.warn} warned`, status.warn!], [`${rc.error} not checked`, status.error!], [`${rc.pass} passed`, status.pass!]],
  );
  const fc = report.summary.findings;
  push(`  Findings  ${fc.fail} fail, ${fc.warn} warn, ${fc.error} error, ${fc.pass} pass, ${fc.info} info` +
      (report.summary.suppressed ? `, ${report.summary.suppressed} suppressed` : ''), '            ');
  if (report.minScore !== null)
    push(`  Minimum score ${report.minScore}${report.summary.belowMinScore ? ` (not reached: ${report.score.overall})` : ''}`, '    ', [[' (not reached', c.red]]);
  const b = report.baseline;
  if (b) {
    out.push(...wrap(`  Baseline  ${escapeControl(b.file)}: ${c.bold(`${b.counts.new} new`)}, ${b.counts.unchanged} unchanged, ${b.counts.fixed} fixed (only new findings gate)`, width, '            '));
    for (const f of b.fixed.slice(0, 20))
      out.push(...wrap(`    ${c.green('fixed')} ${esc(f.ruleId)} ${esc(f.resource.id)} ${esc(f.message)}`, width, '          '));
    if (b.fixed.length > 20) out.push(`    ... and ${b.fixed.length - 20} more fixed (see --format json)`);
  }
  if (several) out.push(...renderAccounts(report, { c, status, width }));
  for (const fw of report.frameworks) out.push(...renderFramework(fw, { c, status, width, quiet: !!opts.quiet }));
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
      out.push(...wrap(`  ${esc(n.ruleId)} (${several ? `${esc(n.account)} ` : ''}${esc(n.region)}): ${esc(n.message)}`, width, '      '));
    if (report.notChecked.length > 20) out.push(`  ... and ${report.notChecked.length - 20} more (see --format json)`);
  }
  yield flush();
}

/**
 * An organization's accounts, worst first, one line each as the report states them: id and name, score, violations
 * and counts, whether incomplete, or why it could not be audited at all. At most ACCOUNT_LINES of them.
 */
function renderAccounts(report: Report, ctx: { c: ChalkInstance; status: Record<string, Paint>; width: number }): string[] {
  const { c, status, width } = ctx;
  const esc = escapeControl;
  const all = accountsWorstFirst(report.accounts);
  const listed = all.slice(0, ACCOUNT_LINES);
  const who = (a: Report['accounts'][number]) => `${esc(a.id)}${a.name ? ` ${esc(cut(a.name, 24))}` : ''}`;
  const whoWidth = Math.max(0, ...listed.map((a) => who(a).length));
  const lines = ['', c.bold(`Accounts (${all.length}, worst first)`)];
  for (const a of listed) {
    const head = `  ${who(a).padEnd(whoWidth)}  `;
    if (a.error !== null) {
      const row = wrap(`${head}not audited: ${esc(a.error)}`, width, ' '.repeat(Math.min(head.length, 20)));
      row[0] = row[0]!.replace('not audited', status.error!('not audited'));
      lines.push(...row);
      continue;
    }
    const plainScore = scoreText(new Chalk({ level: 0 }), a.score);
    const fc = a.findings;
    const text = `${head}${plainScore.padEnd(9)} ${a.violations} violation${a.violations === 1 ? '' : 's'}, ${fc.fail} fail, ${fc.warn} warn, ${fc.error} error` +
      (a.suppressed ? `, ${a.suppressed} suppressed` : '') + (a.incomplete ? ' · incomplete' : '');
    const row = wrap(text, width, ' '.repeat(Math.min(head.length, 20)));
    row[0] = row[0]!.replace(plainScore, scoreText(c, a.score)).replace(' · incomplete', ` · ${status.error!('incomplete')}`);
    lines.push(...row);
  }
  if (all.length > listed.length) lines.push(c.gray(`  ... and ${all.length - listed.length} more (--format markdown/html/json for all)`));
  return lines;
}

/** `s` cut to `max` characters, "…" marking the cut. */
function cut(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * One framework chosen with --framework: its summary line as the report states it (with --quiet, only that),
 * then how many controls aws-tips does not check (never to be read as passed) and the worst controls.
 */
function renderFramework(fw: ReportFramework, ctx: { c: ChalkInstance; status: Record<string, Paint>; width: number; quiet: boolean }): string[] {
  const { c, status, width } = ctx;
  const esc = escapeControl;
  const s = fw.summary;
  const lines: string[] = ['', ...wrap(`Compliance: ${esc(fw.title)} ${esc(fw.version)} (${esc(fw.id)})`, width, '  ').map((l) => c.bold(l))];
  const scored = s.passed + s.failed + s.warned;
  const score = s.score !== null
    ? `score over ${scored} checked control${scored === 1 ? '' : 's'}: ${s.score}/100`
    : s.notChecked === s.controls ? 'no control checked' : 'no score: no checked control passed, failed or warned';
  const parts = [
    `${s.passed} passed`, `${s.failed} failed`, `${s.warned} warned`, `${s.incomplete} incomplete`,
    ...(s.info ? [`${s.info} advice only`] : []), ...(s.notApplicable ? [`${s.notApplicable} n/a`] : []),
    `${s.partiallyCovered} partially covered`, `${s.notChecked} not checked`,
  ];
  const summary = wrap(`  Controls  ${parts.join(', ')} (of ${s.controls}) · ${score}`, width, '            ');
  summary[0] = summary[0]!.replace(`${s.failed} failed`, status.fail!(`${s.failed} failed`)).replace(`${s.warned} warned`, status.warn!(`${s.warned} warned`));
  lines.push(...summary);
  if (ctx.quiet) return lines;
  if (s.notChecked)
    lines.push(...wrap(`  ${s.notChecked} control${s.notChecked === 1 ? '' : 's'} not checked by aws-tips: no verdict on ${s.notChecked === 1 ? 'it' : 'them'}, not a pass (--format markdown or html lists them).`, width, '    ').map((l) => c.gray(l)));
  const worst = fw.controls.filter((x) => x.status in CONTROL_LABEL);
  const listed = worst.slice(0, WORST_CONTROLS);
  const idWidth = Math.max(0, ...listed.map((x) => esc(x.control).length));
  const labelWidth = Math.max(0, ...listed.map((x) => CONTROL_LABEL[x.status]!.length));
  for (const x of listed) {
    const label = CONTROL_LABEL[x.status]!;
    const head = `    ${label.padEnd(labelWidth)} ${esc(x.control).padEnd(idWidth)} ${x.coverage === 'partial' ? '(partial) ' : ''}`;
    const paint = status[x.status === 'incomplete' ? 'error' : x.status]!;
    lines.push(`${head.replace(label, paint(label))}${cut(esc(x.title), Math.max(10, width - head.length))}`);
  }
  if (worst.length > listed.length) lines.push(c.gray(`    ... and ${worst.length - listed.length} more: --format markdown/html for all`));
  return lines;
}

function renderRule(
  rule: ReportRule,
  findings: ReportFinding[],
  ctx: { c: ChalkInstance; sev: Record<Severity, Paint>; status: Record<string, Paint>; width: number; verbose: boolean; acct: (f: ReportFinding) => string },
): string[] {
  const { c, sev, status, width } = ctx;
  const lines: string[] = [];
  const counts = [
    ...Object.entries(rule.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`),
    ...(rule.suppressed ? [`${rule.suppressed} suppressed`] : []),
  ].join(', ');
  const head = `${STATUS_MARK[rule.status]} ${STATUS_TEXT[rule.status]}`;
  const headLines = wrap(`${head} ${rule.id} — ${rule.title}${counts ? ` (${counts})` : ''}`, width, '    ');
  headLines[0] = headLines[0]!.replace(head, status[rule.status]!(head)).replace(rule.id, c.bold(rule.id));
  lines.push(...headLines);
  const shown = findings
    .filter((f) => ctx.verbose || f.status !== 'pass')
    .sort((a, b) => rank(a) - rank(b));
  const limit = 15;
  for (const f of shown.slice(0, limit)) {
    const label = f.suppressed ? `SUPP  ${STATUS_TEXT[f.status]}` : `${STATUS_TEXT[f.status]!.padEnd(5)} ${SEVERITY_LABEL[f.severity].padEnd(4)}`;
    const paint: Paint = f.suppressed ? c.gray : f.status === 'fail' || f.status === 'warn' ? sev[f.severity] : status[f.status]!;
    const isNew = f.baseline === 'new' && !f.suppressed ? ' [new]' : '';
    const why = f.suppressed ? ` (suppressed ${f.status}: ${escapeControl(f.suppressed.reason)})` : '';
    const row = wrap(`    ${label}${isNew}${ctx.acct(f)}${shownId(f)} [${escapeControl(f.resource.region)}] ${escapeControl(f.message)}${why}`, width, '          ');
    row[0] = row[0]!.replace(label, paint(label)).replace(' [new]', c.bold(' [new]'));
    lines.push(...row);
  }
  if (shown.length > limit) lines.push(c.gray(`          ... ${shown.length - limit} more (see --format json)`));
  // Commands stand whole on their own lines, never wrapped mid-command, so they can be copied.
  if ((rule.status === 'fail' || rule.status === 'warn') && rule.cli)
    for (const [i, command] of rule.cli.split('\n').entries()) lines.push(c.gray(`${i === 0 ? '    fix: ' : '         '}${escapeControl(command)}`));
  return lines;
}

import { severityRank, type FindingStatus, type Severity } from '../rule.js';
import type { Report, ReportFinding, ReportRule } from '../engine/report.js';
import type { ReportControl, ReportFramework } from '../engine/compliance.js';
import { accountsWorstFirst, escapeControl } from './text.js';

/**
 * A GitHub-flavoured Markdown summary for `$GITHUB_STEP_SUMMARY` and pull-request comments: the
 * verdict, score and counts, the failing findings as a table, then one collapsed `<details>` per
 * section. Sized for a PR comment (GitHub caps them at 65,536 characters): long lists are cut with
 * a count of what was left out.
 *
 * Resource names, tags and messages come from the account, so whoever can name a resource can try
 * to inject Markdown or HTML into the page: every such string goes through mdText() (HTML and
 * Markdown metacharacters escaped, no raw newline, no @mention, URLs in code spans so GitHub does not
 * link them) or mdCode() (a code span), both cut at MAX_TEXT characters.
 *
 * Every list is bounded by a count and a character budget, so the whole report stays under 65,536
 * characters however large the account; what is left out is counted, and the JSON report has it.
 */

const MAX_ROWS = 50;
/** GitHub caps a pull-request comment at 65,536 characters; leave room for a note around it. */
const MAX_CHARS = 60_000;
const MAX_SECTION_ROWS = 25;
/**
 * Character budgets of the parts before "By section": with the header (its strings cut at MAX_TEXT) they stay
 * far under MAX_CHARS, so the sections always get room.
 */
const BUDGET = { failing: 18_000, fixed: 5_000, review: 5_000, notChecked: 5_000, regions: 600, compliance: 22_000, accounts: 5_000 };
/** At most this many rows of the per-account table (an organization of several accounts only). */
const MAX_ACCOUNT_ROWS = 100;
/** At most this many lines of one framework's control table, and of its list of controls not checked. */
const MAX_CONTROL_ROWS = 150;
/** The longest string from the account shown (a name or a message can be a megabyte); longer ones end in "…". */
const MAX_TEXT = 300;
const STATUS_ICON: Record<string, string> = {
  fail: '❌', warn: '⚠️', error: '❓', pass: '✅', info: 'ℹ️', 'not-applicable': '➖',
};

/** `s` cut to `max` characters (a surrogate pair is never split), "…" marking the cut. */
function clip(s: string, max = MAX_TEXT): string {
  if (s.length <= max) return s;
  const end = /[\ud800-\udbff]/.test(s[max - 2] ?? '') ? max - 2 : max - 1;
  return `${s.slice(0, end)}…`;
}

/**
 * What GitHub turns into a link even in escaped text (its autolinker also runs on rendered text): URLs with a
 * scheme, `www.` names, mailto: and xmpp:. Never inside a code span, so that is where they go.
 */
const LINKISH = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.|(?:mailto|xmpp):)[^\s<>`|]*/gi;

/**
 * Text from the account, safe in Markdown (tables included) and in inline HTML: cut at MAX_TEXT, URLs in
 * code spans, everything else escaped.
 */
export function mdText(s: string): string {
  const text = escapeControl(clip(s));
  let out = '';
  let last = 0;
  for (const m of text.matchAll(LINKISH)) {
    out += `${mdEscape(text.slice(last, m.index))}\`${m[0]}\``;
    last = m.index + m[0].length;
  }
  return out + mdEscape(text.slice(last));
}

function mdEscape(text: string): string {
  return text
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
    // Inline metacharacters (emphasis, code, links and images, tables, strikethrough, math); the block
    // ones (#, -, +, 1.) only act at the start of a line, and this text never starts one.
    .replace(/[\\`*_[\]|~$]/g, '\\$&')
    .replace(/@(?=\w)/g, '@\u200b'); // no @mention of whoever a resource name names
}

/** Text inside an HTML block (where Markdown escapes would show): entities only. */
function htmlText(s: string): string {
  return escapeControl(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A code span for identifiers (ARNs, ids), cut at MAX_TEXT; in a table `|` is escaped so the cell stays one cell.
 * GitHub (cmark-gfm) splits a table row reading `\\\\` as an escape, then turns every `\\|` into `|`: a backslash
 * right before a pipe cannot be written inside a code span in a table, so such a string is escaped text instead.
 */
export function mdCode(s: string, inTable = true): string {
  const raw = escapeControl(clip(s));
  if (inTable && raw.includes('\\|')) return mdText(s);
  const text = inTable ? raw.replace(/\|/g, '\\|') : raw;
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A code span outside a table. */
const code = (s: string) => mdCode(s, false);

function scoreText(score: number | null): string {
  return score === null ? 'n/a' : `${score}/100`;
}

function bySeverity(a: ReportFinding, b: ReportFinding): number {
  return severityRank(a.severity) - severityRank(b.severity);
}

function findingRow(f: ReportFinding, baseline: boolean, several: boolean): string {
  const cells = [
    ...(baseline ? [f.baseline === 'new' ? '🆕 new' : 'unchanged'] : []),
    f.severity === 'critical' || f.severity === 'high' ? `**${f.severity}**` : f.severity,
    mdCode(f.ruleId),
    ...(several ? [mdCode(f.account)] : []),
    mdCode(f.resource.id),
    mdCode(f.resource.region),
    mdText(f.message),
  ];
  return `| ${cells.join(' | ')} |`;
}

function countsText(rule: ReportRule): string {
  const parts = (Object.entries(rule.counts) as [FindingStatus, number][]).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  if (rule.suppressed) parts.push(`${rule.suppressed} suppressed`);
  return parts.join(', ') || '—';
}

/** Where to find what a list left out. */
const ELSEWHERE = 'left out to fit a pull-request comment; the JSON report (--format json) has them all';

function more(n: number, what: string): string[] {
  return n > 0 ? ['', `…and ${n} more ${what}, ${ELSEWHERE}.`] : [];
}

/** Lines for `items` while they fit `budget` characters (and `max` lines), then how many were left out. */
function bounded<T>(items: readonly T[], line: (x: T) => string, budget: number, max: number, what: string): string[] {
  const out: string[] = [];
  let used = 0;
  for (const x of items) {
    if (out.length === max) break;
    const l = line(x);
    if (used + l.length + 1 > budget) break;
    out.push(l);
    used += l.length + 1;
  }
  return [...out, ...more(items.length - out.length, what)];
}

/** Code spans joined by commas while they fit `budget` characters, then how many were left out. */
function inlineList(items: readonly string[], budget: number, what: string): string {
  const shown: string[] = [];
  let used = 0;
  for (const x of items) {
    const c = code(x);
    if (used + c.length + 2 > budget) break;
    shown.push(c);
    used += c.length + 2;
  }
  const left = items.length - shown.length;
  return (shown.join(', ') || '—') + (left ? ` …and ${left} more ${what} (in the JSON report)` : '');
}

/** One row per account, worst first, as the report states each: its score, violations and counts, or why it was not audited. */
function accountRow(a: Report['accounts'][number]): string {
  const name = a.name === null ? '—' : mdText(a.name);
  if (a.error !== null) return `| ${mdCode(a.id)} | ${name} | ❓ not audited: ${mdText(a.error)} | — | — | — | — | — | — |`;
  const f = a.findings;
  return `| ${mdCode(a.id)} | ${name} | ${a.incomplete ? '❓ incomplete' : 'audited'} | ${scoreText(a.score)} | ${a.violations} | ${f.fail} | ${f.warn} | ${f.error} | ${a.suppressed} |`;
}

/** The whole summary as one string (small reports; the CLI writes renderMarkdownChunks). */
export function renderMarkdown(report: Report): string {
  return [...renderMarkdownChunks(report)].join('');
}

/**
 * The same text as renderMarkdown, in pieces: the parts before "By section", then a section a piece, then the
 * footer. (The whole stays under MAX_CHARS; what grows with the account is the work: findings are taken by
 * reference, bucketed per section in one pass.)
 */
export function* renderMarkdownChunks(report: Report): Generator<string> {
  const out: string[] = [];
  const s = report.summary;
  // With several accounts: a per-account table, and each finding names its account (its share of the budget
  // comes out of the failing findings' share, so the whole stays within a comment).
  const several = report.accounts.length > 1;
  // The verdict as decided (summary.exitCode): 1 failed, 3 incomplete, 0 passed (an allowed incomplete audit says so).
  const failed = s.exitCode === 1;
  const verdict = failed
    ? `❌ aws-tips: ${[s.violations > 0 ? `${s.violations} violation${s.violations === 1 ? '' : 's'}` : '', s.belowMinScore ? 'score below the minimum' : ''].filter(Boolean).join(', ')}`
    : s.exitCode === 3
      ? '❓ aws-tips: incomplete audit (some rules could not be checked)'
      : s.incomplete
        ? '✅ aws-tips: passed (incomplete audit allowed: some rules could not be checked)'
        : '✅ aws-tips: passed';
  out.push(`## ${verdict}`, '');
  const src = report.source.kind === 'live' ? 'live audit' : report.source.kind === 'demo' ? 'demo snapshot' : 'snapshot';
  out.push(
    [
      `**Score ${scoreText(report.score.overall)}**${report.minScore !== null ? ` (minimum ${report.minScore})` : ''}`,
      several ? `${report.accounts.length} accounts` : `account ${code(report.account.id)}`,
      `regions ${inlineList(report.regions, BUDGET.regions, 'regions')}`,
      `fails on **${report.failOn}** and above`,
      `${src} collected ${mdText(report.source.collectedAt)}`,
    ].join(' · '),
    '',
  );
  out.push('| Findings | fail | warn | error | pass | info | suppressed |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  out.push(`| count | ${s.findings.fail} | ${s.findings.warn} | ${s.findings.error} | ${s.findings.pass} | ${s.findings.info} | ${s.suppressed} |`, '');

  if (several) {
    out.push(
      `### Accounts (${report.accounts.length}, worst first)`,
      '',
      '| Account | Name | Audit | Score | Violations | fail | warn | error | suppressed |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...bounded(accountsWorstFirst(report.accounts), accountRow, BUDGET.accounts, MAX_ACCOUNT_ROWS, 'accounts'),
      '',
    );
  }

  const b = report.baseline;
  if (b) {
    out.push(`**Baseline** ${code(b.file)} (${mdText(b.generatedAt)}): **${b.counts.new} new**, ${b.counts.unchanged} unchanged, ${b.counts.fixed} fixed. Only new findings fail the build.`, '');
  }

  const failing = report.findings.filter((f) => f.status === 'fail' && !f.suppressed).sort(bySeverity);
  out.push(`### Failing findings (${failing.length})`, '');
  if (failing.length === 0) out.push('None.', '');
  else {
    out.push(
      `| ${b ? 'Change | ' : ''}Severity | Rule | ${several ? 'Account | ' : ''}Resource | Region | Message |`,
      `| ${b ? '--- | ' : ''}--- | --- | ${several ? '--- | ' : ''}--- | --- | --- |`,
      ...bounded(failing, (f) => findingRow(f, !!b, several), BUDGET.failing - (several ? BUDGET.accounts : 0), MAX_ROWS, 'failing findings'),
      '',
    );
  }

  if (b && b.fixed.length) {
    out.push(`### Fixed since the baseline (${b.fixed.length})`, '');
    out.push(
      ...bounded(b.fixed, (f) => `- ${code(f.ruleId)} ${code(f.resource.id)} (${several ? `${code(f.account)} ` : ''}${code(f.resource.region)}): ${mdText(f.message)}`, BUDGET.fixed, MAX_ROWS, 'fixed findings'),
      '',
    );
  }

  const noteworthy = report.suppressions.filter((x) => x.status !== 'used');
  if (noteworthy.length) {
    out.push('### Suppressions to review', '');
    const line = (x: (typeof noteworthy)[number]) => {
      const what = x.status === 'expired'
        ? `**expired** on ${mdText(x.expires ?? '')}${x.matched ? `: ${x.matched} finding${x.matched === 1 ? ' is' : 's are'} no longer suppressed` : ''}`
        : '**unused**: it matched no finding';
      return `- ${code(x.rule)} on ${code(x.resource)}${x.region ? ` in ${code(x.region)}` : ''} (${mdText(x.reason)}): ${what}`;
    };
    out.push(...bounded(noteworthy, line, BUDGET.review, MAX_ROWS, 'suppressions to review'), '');
  }

  if (report.notChecked.length) {
    out.push(`### Could not be checked (${report.notChecked.length})`, '');
    out.push(
      ...bounded(report.notChecked, (n) => `- ${code(n.ruleId)} (${several ? `${code(n.account)} ` : ''}${code(n.region)}): ${mdText(n.message)}`, BUDGET.notChecked, MAX_ROWS, 'items that could not be checked'),
      '',
    );
  }

  // Each framework chosen with --framework gets an equal share of the compliance budget.
  for (const fw of report.frameworks) out.push(...frameworkBlock(fw, Math.floor(BUDGET.compliance / report.frameworks.length)));

  out.push('### By section', '');
  const footer = `<sub>aws-tips ${mdText(report.tool.version)} · ${mdText(report.generatedAt)}</sub>\n`;
  // A PR comment holds 65,536 characters: sections get their findings tables while they fit, then
  // only their rule tables, then a note.
  // The pieces joined are `out.join('\n')` as it was: each piece after the first starts with the line break before it.
  const head = out.join('\n');
  yield head;
  let used = head.length + footer.length + 200;
  const sections = report.score.sections.filter((sec) => report.rules.some((r) => r.section === sec.id));
  const shown = shownBySection(report);
  let left = 0;
  for (const section of sections) {
    const full = sectionBlock(report, section, shown.get(section.id) ?? [], true, several);
    const compact = sectionBlock(report, section, [], false, several);
    const block = used + full.length <= MAX_CHARS ? full : used + compact.length <= MAX_CHARS ? compact : undefined;
    if (block === undefined) {
      left += 1;
      continue;
    }
    yield `\n${block}`;
    used += block.length + 1;
  }
  if (left) yield `\n…and ${left} more section${left === 1 ? '' : 's'}, ${ELSEWHERE}.\n`;
  yield `\n${footer}`;
}

/** Each section's findings other than passes, in report order then worst first (a stable sort): references, in one pass. */
function shownBySection(report: Report): Map<string, ReportFinding[]> {
  const sectionOf = new Map(report.rules.map((r) => [r.id, r.section]));
  const shown = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    if (f.status === 'pass') continue;
    const section = sectionOf.get(f.ruleId);
    if (section === undefined) continue;
    (shown.get(section) ?? shown.set(section, []).get(section)!).push(f);
  }
  for (const list of shown.values()) list.sort(bySeverity);
  return shown;
}

const CONTROL_ICON: Record<string, string> = { ...STATUS_ICON, incomplete: '❓', 'not-checked': '➖' };

function controlCounts(c: ReportControl): string {
  return (Object.entries(c.counts) as [FindingStatus, number][]).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ') || '—';
}

/**
 * One framework chosen with --framework, as the report decided it: its counts and score, a row per control
 * its rules checked (worst first), then the controls aws-tips did not check and why, never counted as passed.
 */
function frameworkBlock(fw: ReportFramework, budget: number): string[] {
  const s = fw.summary;
  const scored = s.passed + s.failed + s.warned;
  const score = s.score !== null
    ? `score over ${scored} checked control${scored === 1 ? '' : 's'}: **${s.score}/100**`
    : s.notChecked === s.controls ? '**no control checked**' : 'no score: no checked control passed, failed or warned';
  const parts = [
    `${s.passed} passed`, `${s.failed} failed`, `${s.warned} warned`, `${s.incomplete} incomplete`,
    ...(s.info ? [`${s.info} advice only`] : []), ...(s.notApplicable ? [`${s.notApplicable} not applicable`] : []),
    `${s.partiallyCovered} partially covered`, `**${s.notChecked} not checked by aws-tips**`,
  ];
  const checked = fw.controls.filter((c) => c.status !== 'not-checked');
  const notChecked = fw.controls.filter((c) => c.status === 'not-checked');
  const out = [
    `### Compliance: ${mdText(fw.title)} ${mdText(fw.version)} (${code(fw.id)})`,
    '',
    `${parts.join(', ')} (of ${s.controls} controls) · ${score}`,
    '',
  ];
  if (checked.length) {
    out.push(
      '| Status | Control | Title | Coverage | Rules | Findings |',
      '| --- | --- | --- | --- | --- | --- |',
      ...bounded(
        checked,
        (c) => `| ${CONTROL_ICON[c.status]} ${c.status} | ${mdCode(c.control)} | ${mdText(c.title)} | ${c.coverage ?? '—'} | ${c.rules.map((r) => mdCode(r.id)).join(', ')} | ${controlCounts(c)} |`,
        Math.floor(budget * 0.65), MAX_CONTROL_ROWS, 'controls of this framework',
      ),
      '',
    );
  }
  if (notChecked.length) {
    const reason = (c: ReportControl) => (c.notCheckedReason === 'rules-not-run' ? 'its aws-tips rules were not run in this audit' : 'no aws-tips rule checks it');
    out.push(
      '<details>',
      `<summary>Not checked by aws-tips (${notChecked.length}): no verdict on these controls, not a pass</summary>`,
      '',
      ...bounded(notChecked, (c) => `- ${code(c.control)} ${mdText(c.title)}: ${reason(c)}`, Math.floor(budget * 0.35), MAX_CONTROL_ROWS, 'controls not checked'),
      '',
      '</details>',
      '',
    );
  }
  return out;
}

/** `shown`: the section's findings to list (shownBySection), worst first. */
function sectionBlock(report: Report, section: Report['score']['sections'][number], shown: readonly ReportFinding[], withFindings: boolean, several: boolean): string {
  const rules = report.rules.filter((r) => r.section === section.id);
  const failingRules = rules.filter((r) => r.status === 'fail').length;
  const out = [
    '<details>',
    `<summary><b>${htmlText(section.name)}</b>: ${scoreText(section.score)} · ${rules.length} rule${rules.length === 1 ? '' : 's'}, ${failingRules} failing</summary>`,
    '',
    '| Rule | Status | Severity | Findings |',
    '| --- | --- | --- | --- |',
    ...rules.map((r) => `| ${mdCode(r.id)} ${mdText(r.title)} | ${STATUS_ICON[r.status]} ${r.status} | ${r.severity} | ${countsText(r)} |`),
    '',
  ];
  if (withFindings && shown.length) {
    out.push(
      `| Status | Severity | Rule | ${several ? 'Account | ' : ''}Resource | Message |`,
      `| --- | --- | --- | ${several ? '--- | ' : ''}--- | --- |`,
      ...shown.slice(0, MAX_SECTION_ROWS).map((f) => {
        const status = f.suppressed ? `🔕 suppressed ${f.status}` : `${STATUS_ICON[f.status]} ${f.status}`;
        const note = f.suppressed ? ` (suppressed: ${mdText(f.suppressed.reason)})` : '';
        return `| ${status} | ${f.severity} | ${mdCode(f.ruleId)} | ${several ? `${mdCode(f.account)} | ` : ''}${mdCode(f.resource.id)} | ${mdText(f.message)}${note} |`;
      }),
      ...more(shown.length - MAX_SECTION_ROWS, 'findings in this section'),
      '',
    );
  }
  out.push('</details>', '');
  return out.join('\n');
}

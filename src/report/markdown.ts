import type { FindingStatus, Severity } from '../rule.js';
import type { Report, ReportFinding, ReportRule } from './model.js';
import { escapeControl } from './text.js';

/**
 * A GitHub-flavoured Markdown summary for `$GITHUB_STEP_SUMMARY` and pull-request comments: the
 * verdict, score and counts, the failing findings as a table, then one collapsed `<details>` per
 * section. Sized for a PR comment (GitHub caps them at 65,536 characters): long lists are cut with
 * a count of what was left out.
 *
 * Resource names, tags and messages come from the account, so whoever can name a resource can try
 * to inject Markdown or HTML into the page: every such string goes through mdText() (HTML and
 * Markdown metacharacters escaped, no raw newline, no @mention) or mdCode() (a code span).
 */

const MAX_ROWS = 50;
/** GitHub caps a pull-request comment at 65,536 characters; leave room for a note around it. */
const MAX_CHARS = 60_000;
const MAX_SECTION_ROWS = 25;
const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const STATUS_ICON: Record<string, string> = {
  fail: '❌', warn: '⚠️', error: '❓', pass: '✅', info: 'ℹ️', 'not-applicable': '➖',
};

/** Text from the account, safe in Markdown (tables included) and in inline HTML. */
export function mdText(s: string): string {
  return escapeControl(s)
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

/** A code span for identifiers (ARNs, ids); in a table `|` is escaped so the cell stays one cell. */
export function mdCode(s: string, inTable = true): string {
  const text = inTable ? escapeControl(s).replace(/\|/g, '\\|') : escapeControl(s);
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
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);
}

function findingRow(f: ReportFinding, baseline: boolean): string {
  const cells = [
    ...(baseline ? [f.baseline === 'new' ? '🆕 new' : 'unchanged'] : []),
    f.severity === 'critical' || f.severity === 'high' ? `**${f.severity}**` : f.severity,
    mdCode(f.ruleId),
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

function more(n: number, what: string): string[] {
  return n > 0 ? ['', `…and ${n} more ${what} (see the JSON, SARIF or HTML report).`] : [];
}

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const s = report.summary;
  const failed = s.violations > 0 || s.belowMinScore;
  const verdict = failed
    ? `❌ aws-tips: ${[s.violations > 0 ? `${s.violations} violation${s.violations === 1 ? '' : 's'}` : '', s.belowMinScore ? 'score below the minimum' : ''].filter(Boolean).join(', ')}`
    : s.incomplete
      ? '❓ aws-tips: incomplete audit (some rules could not be checked)'
      : '✅ aws-tips: passed';
  out.push(`## ${verdict}`, '');
  const src = report.source.kind === 'live' ? 'live audit' : report.source.kind === 'demo' ? 'demo snapshot' : 'snapshot';
  out.push(
    [
      `**Score ${scoreText(report.score.overall)}**${report.minScore !== null ? ` (minimum ${report.minScore})` : ''}`,
      `account ${code(report.account.id)}`,
      `regions ${report.regions.map(code).join(', ') || '—'}`,
      `fails on **${report.failOn}** and above`,
      `${src} collected ${mdText(report.source.collectedAt)}`,
    ].join(' · '),
    '',
  );
  out.push('| Findings | fail | warn | error | pass | info | suppressed |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  out.push(`| count | ${s.findings.fail} | ${s.findings.warn} | ${s.findings.error} | ${s.findings.pass} | ${s.findings.info} | ${s.suppressed} |`, '');

  const b = report.baseline;
  if (b) {
    out.push(`**Baseline** ${code(b.file)} (${mdText(b.generatedAt)}): **${b.counts.new} new**, ${b.counts.unchanged} unchanged, ${b.counts.fixed} fixed. Only new findings fail the build.`, '');
  }

  const failing = report.findings.filter((f) => f.status === 'fail' && !f.suppressed).sort(bySeverity);
  out.push(`### Failing findings (${failing.length})`, '');
  if (failing.length === 0) out.push('None.', '');
  else {
    out.push(
      `| ${b ? 'Change | ' : ''}Severity | Rule | Resource | Region | Message |`,
      `| ${b ? '--- | ' : ''}--- | --- | --- | --- | --- |`,
      ...failing.slice(0, MAX_ROWS).map((f) => findingRow(f, !!b)),
      ...more(failing.length - MAX_ROWS, 'failing findings'),
      '',
    );
  }

  if (b && b.fixed.length) {
    out.push(`### Fixed since the baseline (${b.fixed.length})`, '');
    out.push(
      ...b.fixed.slice(0, MAX_ROWS).map((f) => `- ${code(f.ruleId)} ${code(f.resource.id)} (${code(f.resource.region)}): ${mdText(f.message)}`),
      ...more(b.fixed.length - MAX_ROWS, 'fixed findings'),
      '',
    );
  }

  const noteworthy = report.suppressions.filter((x) => x.status !== 'used');
  if (noteworthy.length) {
    out.push('### Suppressions to review', '');
    for (const x of noteworthy) {
      const what = x.status === 'expired'
        ? `**expired** on ${mdText(x.expires ?? '')}${x.matched ? `: ${x.matched} finding${x.matched === 1 ? ' is' : 's are'} no longer suppressed` : ''}`
        : '**unused**: it matched no finding';
      out.push(`- ${code(x.rule)} on ${code(x.resource)}${x.region ? ` in ${code(x.region)}` : ''} (${mdText(x.reason)}): ${what}`);
    }
    out.push('');
  }

  if (report.notChecked.length) {
    out.push(`### Could not be checked (${report.notChecked.length})`, '');
    out.push(
      ...report.notChecked.slice(0, MAX_ROWS).map((n) => `- ${code(n.ruleId)} (${code(n.region)}): ${mdText(n.message)}`),
      ...more(report.notChecked.length - MAX_ROWS, 'items'),
      '',
    );
  }

  out.push('### By section', '');
  const footer = `<sub>aws-tips ${mdText(report.tool.version)} · ${mdText(report.generatedAt)}</sub>\n`;
  // A PR comment holds 65,536 characters: sections get their findings tables while they fit, then
  // only their rule tables, then a note.
  let used = out.join('\n').length + footer.length + 200;
  const sections = report.score.sections.filter((sec) => report.rules.some((r) => r.section === sec.id));
  let left = 0;
  for (const section of sections) {
    const full = sectionBlock(report, section, true);
    const compact = sectionBlock(report, section, false);
    const block = used + full.length <= MAX_CHARS ? full : used + compact.length <= MAX_CHARS ? compact : undefined;
    if (block === undefined) {
      left += 1;
      continue;
    }
    out.push(block);
    used += block.length + 1;
  }
  if (left) out.push(`…${left} more section${left === 1 ? '' : 's'} left out to fit a pull-request comment (see the JSON, SARIF or HTML report).`, '');
  out.push(footer);
  return out.join('\n');
}

function sectionBlock(report: Report, section: Report['score']['sections'][number], withFindings: boolean): string {
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
  const ids = new Set(rules.map((r) => r.id));
  const shown = report.findings.filter((f) => ids.has(f.ruleId) && f.status !== 'pass').sort(bySeverity);
  if (withFindings && shown.length) {
    out.push(
      '| Status | Severity | Rule | Resource | Message |',
      '| --- | --- | --- | --- | --- |',
      ...shown.slice(0, MAX_SECTION_ROWS).map((f) => {
        const status = f.suppressed ? `🔕 suppressed ${f.status}` : `${STATUS_ICON[f.status]} ${f.status}`;
        const note = f.suppressed ? ` (suppressed: ${mdText(f.suppressed.reason)})` : '';
        return `| ${status} | ${f.severity} | ${mdCode(f.ruleId)} | ${mdCode(f.resource.id)} | ${mdText(f.message)}${note} |`;
      }),
      ...more(shown.length - MAX_SECTION_ROWS, 'findings in this section'),
      '',
    );
  }
  out.push('</details>', '');
  return out.join('\n');
}

import { createHash } from 'node:crypto';
import { SEVERITIES, statusRank } from '../rule.js';
import { accountsWorstFirst, escapeInvisible } from './text.js';
import type { Report, ReportFinding, ReportRule } from '../engine/report.js';
import type { RenderOptions } from './formats.js';
import type { ReportControl, ReportFramework } from '../engine/compliance.js';

/**
 * One self-contained HTML file: inline CSS and JS, SVG drawn here (no fonts, images, scripts or
 * styles fetched from anywhere), so it can be archived as a CI artifact and opened offline.
 *
 *  - an SVG gauge of the overall score and an SVG bar chart of the section scores;
 *  - the counts, the baseline comparison and the suppressions to review;
 *  - with several accounts, a table of them worst first (a click filters the findings by account);
 *  - the findings as a table, filtered as you type (text, status, severity, section, and account with several);
 *  - every rule explained: the tip, why, what is checked, how to fix;
 *  - with --framework, each framework's controls as the report decided them, and those aws-tips does not check.
 *
 * Every string from the account goes through esc(). A Content-Security-Policy allows only this
 * file's own script and style (by hash), so even a string that slipped through could not run code.
 */


/**
 * Text for HTML (element content and quoted attributes): markup characters as entities; bidi controls, invisible,
 * control and non-XML characters shown escaped (`\u202e`). Line breaks and tabs stay: in HTML they are whitespace.
 */
export function esc(s: string): string {
  return escapeInvisible(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

function scoreClass(score: number | null): string {
  return score === null ? 'na' : score >= 90 ? 'good' : score >= 70 ? 'fair' : 'poor';
}

function scoreLabel(score: number | null): string {
  return score === null ? 'n/a' : String(score);
}

function gauge(score: number | null): string {
  const value = score ?? 0;
  return `<svg id="gauge" class="gauge ${scoreClass(score)}" viewBox="0 0 120 120" width="160" height="160" role="img" aria-label="Score ${esc(scoreLabel(score))} out of 100">
  <circle class="track" cx="60" cy="60" r="50" pathLength="100" />
  <circle class="value" cx="60" cy="60" r="50" pathLength="100" stroke-dasharray="${value} ${100 - value}" transform="rotate(-90 60 60)" />
  <text x="60" y="58" text-anchor="middle" class="big">${esc(scoreLabel(score))}</text>
  <text x="60" y="78" text-anchor="middle" class="small">${score === null ? 'nothing scored' : 'out of 100'}</text>
</svg>`;
}

/** The section chart's drawn width (it scales down on a narrow screen, never up). */
const CHART_W = 520;

function barChart(report: Report): string {
  const sections = report.score.sections.filter((s) => report.rules.some((r) => r.section === s.id));
  const rowH = 26;
  const labelW = 170;
  const barW = CHART_W - labelW - 50;
  const h = Math.max(1, sections.length) * rowH + 8;
  const rows = sections.map((s, i) => {
    const y = 4 + i * rowH;
    const w = s.score === null ? 0 : Math.max(0, Math.min(100, s.score)) * (barW / 100);
    return `  <g class="row" data-section="${esc(s.id)}">
    <text x="${labelW - 8}" y="${y + 16}" text-anchor="end" class="label">${esc(s.name)}</text>
    <rect class="track" x="${labelW}" y="${y + 3}" width="${barW}" height="16" rx="3" />
    ${s.score === null ? '' : `<rect class="bar ${scoreClass(s.score)}" x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="16" rx="3"><title>${esc(s.name)}: ${esc(scoreLabel(s.score))}/100</title></rect>`}
    <text x="${labelW + barW + 8}" y="${y + 16}" class="value">${esc(scoreLabel(s.score))}</text>
  </g>`;
  });
  // Scales down with its box (CSS .chart, at most CHART_W wide): it fits a 390 px phone screen.
  return `<svg id="sections" class="chart" viewBox="0 0 ${labelW + barW + 50} ${h}" width="100%" role="img" aria-label="Score per section">
${rows.join('\n')}
</svg>`;
}

function statusCell(f: ReportFinding): string {
  const label = f.suppressed ? `suppressed ${f.status}` : f.status;
  const why = f.suppressed
    ? `<div class="note">${esc(f.suppressed.reason)}${f.suppressed.expires ? ` (until ${esc(f.suppressed.expires)})` : ''}</div>`
    : '';
  return `<span class="badge ${f.suppressed ? 'suppressed' : esc(f.status)}">${esc(label)}</span>${why}`;
}

function findingRow(f: ReportFinding, rule: ReportRule | undefined, baseline: boolean, several: boolean): string {
  const tags = f.resource.tags
    ? `<div class="tags">${Object.entries(f.resource.tags).map(([k, v]) => `<span class="tag">${esc(k)}=${esc(v)}</span>`).join(' ')}</div>`
    : '';
  return `<tr data-status="${esc(f.status)}" data-severity="${esc(f.severity)}" data-section="${esc(rule?.section ?? '')}" data-suppressed="${f.suppressed ? 'yes' : 'no'}" data-baseline="${esc(f.baseline ?? '')}"${several ? ` data-account="${esc(f.account)}"` : ''}>
  <td>${statusCell(f)}</td>
  <td><span class="sev ${esc(f.severity)}">${esc(f.severity)}</span></td>
  ${baseline ? `<td>${f.baseline === 'new' ? '<span class="badge new">new</span>' : f.baseline ? esc(f.baseline) : ''}</td>` : ''}
  <td><a href="#rule-${esc(f.ruleId)}">${esc(f.ruleId)}</a></td>${several ? `
  <td><code>${esc(f.account)}</code></td>` : ''}
  <td><code>${esc(f.resource.id)}</code><div class="arn">${esc(f.resource.arn)}</div>${tags}</td>
  <td>${esc(f.resource.region)}</td>
  <td>${esc(f.message)}</td>
</tr>`;
}


/**
 * The most findings the page lists. A browser keeps a page of 20,000 rows responsive (about 15 MB of
 * HTML; the filter walks every row on each keystroke in tens of milliseconds), where a million rows
 * (hundreds of MB) it cannot load at all. Above it the page says so and where the full list is;
 * every count, score and per-account and per-rule figure still covers all the findings.
 */
export const HTML_MAX_FINDINGS = 20_000;

/** Pieces are yielded when they reach this length (a row is never split). */
const PIECE = 64 * 1024;

export interface HtmlOptions extends Partial<RenderOptions> {
  /** The most findings the page lists (HTML_MAX_FINDINGS by default). */
  maxFindings?: number;
}

/** Where a finding sorts in the table: problems first, by severity; suppressed findings after the live ones. */
function pageRank(f: ReportFinding): number {
  return (f.suppressed ? 100 : 0) + statusRank(f.status) * 10 + SEVERITIES.indexOf(f.severity);
}

/**
 * The findings the table lists, in its order, and whether some were left out. Up to `max`: all of
 * them in page order (a stable sort by pageRank). Above: what gates first, then the rest, each in
 * page order, the first `max` of that, so nothing that fails the build is hidden below the cap
 * (a baseline's unchanged or a --fail-on below finding can outrank a gating one in page order).
 * Bucketed by rank (a few hundred values), at most `max` kept per bucket: never a sort of a million.
 */
export function findingsShown(findings: readonly ReportFinding[], max: number): { shown: ReportFinding[]; capped: boolean } {
  const capped = findings.length > max;
  const buckets = new Map<number, ReportFinding[]>();
  for (const f of findings) {
    const key = (capped && !f.gates ? 1000 : 0) + pageRank(f);
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = []));
    if (bucket.length < max) bucket.push(f);
  }
  const shown: ReportFinding[] = [];
  for (const key of [...buckets.keys()].sort((a, b) => a - b)) {
    for (const f of buckets.get(key)!) {
      if (shown.length === max) return { shown, capped };
      shown.push(f);
    }
  }
  return { shown, capped };
}

/** `items` rendered and joined by `sep`, one string per item (the separator before it): `[...].join(sep)` in pieces. */
function* joined<T>(items: Iterable<T>, render: (item: T) => string, sep = '\n'): Generator<string> {
  let first = true;
  for (const item of items) {
    yield first ? render(item) : sep + render(item);
    first = false;
  }
}

/** Small strings gathered into pieces of about PIECE characters: the page, written as produced. */
function* gather(parts: Iterable<string>): Generator<string> {
  let buf = '';
  for (const p of parts) {
    if (buf && buf.length + p.length > PIECE) {
      yield buf;
      buf = '';
    }
    buf += p;
    if (buf.length >= PIECE) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

const count = (n: number) => n.toLocaleString('en-US');

function isUrl(s: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

function ruleDetails(rule: ReportRule, sectionName: string): string {
  const counts = Object.entries(rule.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
  if (rule.suppressed) counts.push(`${rule.suppressed} suppressed`);
  const links = rule.links.filter(isUrl);
  return `<details id="rule-${esc(rule.id)}" class="rule">
  <summary><span class="badge ${esc(rule.status)}">${esc(rule.status)}</span> <b>${esc(rule.id)}</b> ${esc(rule.title)} <span class="muted">${esc(sectionName)} · ${esc(rule.severity)} · ${esc(rule.kind)}${counts.length ? ` · ${esc(counts.join(', '))}` : ''}</span></summary>
  <blockquote>${esc(rule.tip)}</blockquote>
  <h4>Why</h4><p>${esc(rule.rationale)}</p>
  <h4>What is checked</h4><p>${esc(rule.checks)}</p>
  <h4>How to fix</h4><p>${esc(rule.remediation)}</p>
  ${rule.cli ? `<pre><code>${esc(rule.cli)}</code></pre>` : ''}
  ${links.length ? `<ul class="links">${links.map((l) => `<li><a href="${esc(l)}" rel="noopener noreferrer">${esc(l)}</a></li>`).join('')}</ul>` : ''}
</details>`;
}

/** One account of several, as the report states it: its score, violations and counts, or why it was not audited. */
function accountRow(a: Report['accounts'][number]): string {
  const f = a.findings;
  const audit = a.error !== null
    ? `<span class="badge error">not audited</span><div class="note">${esc(a.error)}</div>`
    : a.incomplete ? '<span class="badge incomplete">incomplete</span>' : 'audited';
  const counts = a.error !== null ? '<td>—</td><td>—</td><td>—</td><td>—</td><td>—</td><td>—</td>'
    : `<td class="${scoreClass(a.score)}">${esc(scoreLabel(a.score))}</td><td>${a.violations}</td><td>${f.fail}</td><td>${f.warn}</td><td>${f.error}</td><td>${a.suppressed}</td>`;
  return `<tr data-account="${esc(a.id)}"><td><code>${esc(a.id)}</code></td><td>${esc(a.name ?? '')}</td><td>${audit}</td>${counts}</tr>`;
}

function controlRow(c: ReportControl): string {
  const counts = Object.entries(c.counts).filter(([, n]) => n > 0).map(([st, n]) => `${n} ${st}`).join(', ');
  const notes = c.rules.filter((r) => r.note).map((r) => `<div class="note">${esc(r.id)}: ${esc(r.note!)}</div>`).join('');
  return `<tr data-control-status="${esc(c.status)}">
  <td><span class="badge ${esc(c.status)}">${esc(c.status)}</span></td>
  <td><code>${esc(c.control)}</code></td>
  <td>${esc(c.title)}</td>
  <td>${esc(c.coverage ?? '')}${notes}</td>
  <td>${c.rules.map((r) => `<a href="#rule-${esc(r.id)}">${esc(r.id)}</a>`).join('<br>')}</td>
  <td>${esc(counts || '—')}</td>
</tr>`;
}

/** One framework chosen with --framework: its counts and score, the controls its rules checked, then those not checked. */
function frameworkSection(fw: ReportFramework): string {
  const s = fw.summary;
  const scored = s.passed + s.failed + s.warned;
  const score = s.score !== null
    ? `score over ${scored} checked control${scored === 1 ? '' : 's'}: <b>${esc(String(s.score))}/100</b>`
    : s.notChecked === s.controls ? '<b>no control checked</b>' : 'no score: no checked control passed, failed or warned';
  const parts = [
    `${s.passed} passed`, `${s.failed} failed`, `${s.warned} warned`, `${s.incomplete} incomplete`,
    ...(s.info ? [`${s.info} advice only`] : []), ...(s.notApplicable ? [`${s.notApplicable} not applicable`] : []),
    `${s.partiallyCovered} partially covered`,
  ];
  const checked = fw.controls.filter((c) => c.status !== 'not-checked');
  const notChecked = fw.controls.filter((c) => c.status === 'not-checked');
  const reason = (c: ReportControl) => (c.notCheckedReason === 'rules-not-run' ? 'its aws-tips rules were not run in this audit' : 'no aws-tips rule checks it');
  return `<section class="framework" id="framework-${esc(fw.id)}" data-framework="${esc(fw.id)}">
  <h3>${esc(fw.title)} ${esc(fw.version)} <span class="muted">(${esc(fw.id)})</span></h3>
  <p>${esc(parts.join(', '))}, <b>${s.notChecked} not checked by aws-tips</b> (of ${s.controls} controls) · ${score}</p>
  ${checked.length ? `<table class="controls"><thead><tr><th>Status</th><th>Control</th><th>Title</th><th>Coverage</th><th>Rules</th><th>Findings</th></tr></thead><tbody>
${checked.map(controlRow).join('\n')}
  </tbody></table>` : ''}
  ${notChecked.length ? `<h4>Not checked by aws-tips (${notChecked.length}): no verdict on these controls, not a pass</h4>
  <ul class="not-checked">${notChecked.map((c) => `<li><code>${esc(c.control)}</code> ${esc(c.title)} <span class="muted">(${esc(reason(c))})</span></li>`).join('')}</ul>` : ''}
</section>`;
}

const CSS = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --card: #f6f8fa;
  --good: #1a7f37; --fair: #bf8700; --poor: #cf222e; --na: #8c959f; --track: #e6e9ec; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --line: #30363d; --card: #161b22; --track: #30363d; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; } h4 { margin: 12px 0 4px; }
.muted, .arn, .note { color: var(--muted); } .arn { font-size: 12px; word-break: break-all; } .note { font-size: 12px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; color: #fff; }
.verdict.failed { background: var(--poor); } .verdict.passed { background: var(--good); } .verdict.incomplete { background: var(--fair); }
.overview { display: flex; flex-wrap: wrap; gap: 24px; align-items: center; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.gauge .track { fill: none; stroke: var(--track); stroke-width: 12; }
.gauge .value { fill: none; stroke-width: 12; stroke-linecap: butt; }
.gauge.good .value { stroke: var(--good); } .gauge.fair .value { stroke: var(--fair); } .gauge.poor .value { stroke: var(--poor); } .gauge.na .value { stroke: none; }
.gauge text { fill: var(--fg); } .gauge .big { font-size: 28px; font-weight: 700; } .gauge .small { font-size: 10px; fill: var(--muted); }
.chart text { fill: var(--fg); font-size: 12px; } .chart .track { fill: var(--track); }
.chart { display: block; height: auto; max-width: ${CHART_W}px; } .overview figure { margin: 0; min-width: 0; max-width: 100%; } .overview figure:has(.chart) { flex: 1 1 300px; }
@media (max-width: 480px) { body { padding: 12px; } .overview { gap: 12px; } .card { padding: 8px; } }
.bar.good { fill: var(--good); } .bar.fair { fill: var(--fair); } .bar.poor { fill: var(--poor); }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { position: sticky; top: 0; background: var(--card); } td code { word-break: break-all; }
.counts td, .counts th { text-align: right; } .counts th:first-child, .counts td:first-child { text-align: left; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--na); white-space: nowrap; }
.badge.fail { background: var(--poor); } .badge.warn { background: var(--fair); } .badge.error { background: #8250df; }
.badge.pass { background: var(--good); } .badge.info { background: #0969da; } .badge.new { background: #bc4c00; } .badge.incomplete { background: #8250df; }
.sev.critical { color: var(--poor); font-weight: 700; } .sev.high { color: var(--poor); } .sev.medium { color: var(--fair); }
.tag { display: inline-block; font-size: 11px; border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; margin: 2px 2px 0 0; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.filters input[type=search] { flex: 1 1 260px; padding: 6px 8px; font: inherit; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
#accounts tbody tr { cursor: pointer; } #accounts td.good { color: var(--good); } #accounts td.fair { color: var(--fair); } #accounts td.poor { color: var(--poor); }
.filters select { padding: 5px; font: inherit; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
details.rule { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; margin: 6px 0; }
details.rule summary { cursor: pointer; } blockquote { margin: 8px 0; padding-left: 12px; border-left: 3px solid var(--line); font-style: italic; }
pre { background: var(--card); padding: 8px; border-radius: 6px; overflow-x: auto; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;

const SCRIPT = `
(function () {
  var text = document.getElementById('filter');
  var status = document.getElementById('status');
  var severity = document.getElementById('severity');
  var section = document.getElementById('section');
  var account = document.getElementById('account');
  var shown = document.getElementById('shown');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#findings tbody tr'));
  function keep(r) {
    var s = status.value, st = r.getAttribute('data-status'), supp = r.getAttribute('data-suppressed') === 'yes';
    if (s === 'problems' && (st === 'pass' || supp)) return false;
    if (s === 'suppressed' && !supp) return false;
    if (s !== 'problems' && s !== 'suppressed' && s !== 'all' && (st !== s || supp)) return false;
    if (severity.value !== 'all' && r.getAttribute('data-severity') !== severity.value) return false;
    if (section.value !== 'all' && r.getAttribute('data-section') !== section.value) return false;
    if (account && account.value !== 'all' && r.getAttribute('data-account') !== account.value) return false;
    var q = text.value.trim().toLowerCase();
    return !q || r.textContent.toLowerCase().indexOf(q) >= 0;
  }
  function apply() {
    var n = 0;
    rows.forEach(function (r) { var k = keep(r); r.hidden = !k; if (k) n++; });
    shown.textContent = n + ' of ' + rows.length + ' findings shown';
  }
  [text, status, severity, section, account].forEach(function (el) { if (el) { el.addEventListener('input', apply); el.addEventListener('change', apply); } });
  Array.prototype.forEach.call(document.querySelectorAll('#accounts tbody tr'), function (tr) {
    tr.addEventListener('click', function () { account.value = tr.getAttribute('data-account'); apply(); document.getElementById('findings-section').scrollIntoView(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('#sections .row'), function (g) {
    g.addEventListener('click', function () { section.value = g.getAttribute('data-section'); status.value = 'all'; apply(); document.getElementById('findings-section').scrollIntoView(); });
  });
  apply();
})();
`;

/**
 * The page, in pieces of about 64 KiB as they are produced (a million findings make more text than
 * a JavaScript string can hold). Up to `maxFindings` (HTML_MAX_FINDINGS) the table lists every
 * finding; above, the first of them (what gates first, see findingsShown), and the page says so
 * above the table and where the full list is; so do the lists of fixed findings and of what could not be checked.
 * Every count and score comes from the report: all findings.
 */
export function renderHtml(report: Report, opts: HtmlOptions = {}): Generator<string> {
  return gather(htmlParts(report, opts.maxFindings ?? HTML_MAX_FINDINGS));
}

function* htmlParts(report: Report, max: number): Generator<string> {
  const s = report.summary;
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const sectionName = new Map(report.score.sections.map((x) => [x.id, x.name]));
  const usedSections = report.score.sections.filter((x) => report.rules.some((r) => r.section === x.id));
  // The verdict as decided (summary.exitCode): 1 failed, 3 incomplete, 0 passed.
  const failed = s.exitCode === 1;
  const verdict = failed ? 'failed' : s.exitCode === 3 ? 'incomplete' : 'passed';
  const verdictText = failed
    ? [s.violations ? `${s.violations} violation${s.violations === 1 ? '' : 's'}` : '', s.belowMinScore ? `score below ${report.minScore}` : ''].filter(Boolean).join(', ')
    : s.exitCode === 3 ? 'incomplete audit' : s.incomplete ? 'passed (incomplete audit allowed)' : 'passed';
  const b = report.baseline;
  const src = report.source.kind === 'live' ? 'live audit' : report.source.kind === 'demo' ? 'demo snapshot' : report.source.file === null ? 'snapshots' : `snapshot ${report.source.file}`;

  const review = report.suppressions.filter((x) => x.status !== 'used');
  // With several accounts: a table of them, a filter by account, and each finding names its account.
  const several = report.accounts.length > 1;
  const audited = several ? `${report.accounts.length} accounts` : `account ${esc(report.account.id)}`;
  const acct = (x: { account: string }) => (several ? `${esc(x.account)} ` : '');
  const { shown, capped } = findingsShown(report.findings, max);
  const fixedShown = b && b.fixed.length > max ? b.fixed.slice(0, max) : b?.fixed ?? [];
  // One entry per resource whose data failed to load: as many as the findings of an account that denied every read.
  const notCheckedShown = report.notChecked.length > max ? report.notChecked.slice(0, max) : report.notChecked;

  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${sha256(CSS)}'`,
    `script-src 'sha256-${sha256(SCRIPT)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>aws-tips report: ${several ? `${report.accounts.length} accounts` : `account ${esc(report.account.id)}`}</title>
<style>${CSS}</style>
</head>
<body>
`;
  yield `<header>
  <h1>aws-tips report: ${audited}</h1>
  <div><span class="verdict ${verdict}">${esc(verdictText)}</span>
  <span class="muted">${esc(src)} · collected ${esc(report.source.collectedAt)} · regions ${esc(report.regions.join(', ') || 'none')} · fails on ${esc(report.failOn)} and above${report.minScore !== null ? ` · minimum score ${esc(String(report.minScore))}` : ''}</span></div>
</header>
<section class="overview">
  <figure class="card">${gauge(report.score.overall)}<figcaption>Overall score</figcaption></figure>
  <figure class="card">${barChart(report)}<figcaption>Score per section (click a bar to filter)</figcaption></figure>
  <div class="card">
    <table class="counts"><thead><tr><th>Findings</th><th>count</th></tr></thead><tbody>
      ${(['fail', 'warn', 'error', 'pass', 'info'] as const).map((k) => `<tr><td><span class="badge ${k}">${k}</span></td><td>${s.findings[k]}</td></tr>`).join('')}
      <tr><td><span class="badge suppressed">suppressed</span></td><td>${s.suppressed}</td></tr>
    </tbody></table>
  </div>
</section>`;
  if (several) {
    yield `
<section id="accounts"><h2>Accounts</h2>
  <p class="muted">Worst first: not audited, then by violations, then by score. Click an account to filter the findings.</p>
  <table class="counts"><thead><tr><th>Account</th><th>Name</th><th>Audit</th><th>Score</th><th>Violations</th><th>fail</th><th>warn</th><th>error</th><th>suppressed</th></tr></thead><tbody>
`;
    yield* joined(accountsWorstFirst(report.accounts), accountRow);
    yield `
  </tbody></table>
</section>`;
  }
  yield '\n';
  if (b) {
    yield `<section id="baseline"><h2>Baseline</h2>
  <p>Compared with <code>${esc(b.file)}</code> (${esc(b.generatedAt)}): <b>${b.counts.new} new</b>, ${b.counts.unchanged} unchanged, ${b.counts.fixed} fixed. Only new findings fail the build.</p>
  `;
    if (fixedShown.length < b.fixed.length) yield `<p class="card" id="fixed-cap">Showing the first ${count(fixedShown.length)} of ${count(b.fixed.length)} fixed findings; the full list is in the JSON report (<code>aws-tips audit --format json=FILE</code>).</p>\n  `;
    if (b.fixed.length) {
      yield `<table><thead><tr><th>Fixed</th><th>Rule</th>${several ? '<th>Account</th>' : ''}<th>Resource</th><th>Region</th><th>Message</th></tr></thead><tbody>`;
      yield* joined(fixedShown, (f) => `<tr><td><span class="badge pass">fixed</span> ${esc(f.status)}</td><td>${esc(f.ruleId)}</td>${several ? `<td><code>${esc(f.account)}</code></td>` : ''}<td><code>${esc(f.resource.id)}</code><div class="arn">${esc(f.resource.arn)}</div></td><td>${esc(f.resource.region)}</td><td>${esc(f.message)}</td></tr>`);
      yield '</tbody></table>';
    }
    yield `
</section>`;
  }
  yield '\n';
  if (review.length) {
    yield '<section id="suppressions"><h2>Suppressions to review</h2><ul>';
    yield* joined(review, (x) => `<li><b>${esc(x.status)}</b>: <code>${esc(x.rule)}</code> on <code>${esc(x.resource)}</code>${x.region ? ` in ${esc(x.region)}` : ''} (${esc(x.reason)})${x.status === 'expired' ? ` expired on ${esc(x.expires ?? '')}, ${x.matched} finding(s) no longer suppressed` : ': matched no finding'}</li>`, '');
    yield '</ul></section>';
  }
  yield '\n';
  if (report.frameworks.length) {
    yield `<section id="compliance"><h2>Compliance</h2>
`;
    yield* joined(report.frameworks, frameworkSection);
    yield `
</section>`;
  }
  yield `
<section id="findings-section">
  <h2>Findings</h2>
${capped ? `  <p class="card" id="findings-cap">Showing the first ${count(shown.length)} of ${count(report.findings.length)} findings (what gates first, then as the table orders them); the counts, scores, accounts and rules on this page cover all ${count(report.findings.length)}. The full list is in the JSON or CSV report (<code>aws-tips audit --format json=FILE --format csv=FILE</code>).</p>
` : ''}  <div class="filters">
    <input id="filter" type="search" placeholder="Filter: resource, rule, message, tag…" aria-label="Filter findings">
    <select id="status" aria-label="Status">
      <option value="problems" selected>fail, warn, error, info</option>
      ${['fail', 'warn', 'error', 'info', 'pass', 'suppressed', 'all'].map((v) => `<option value="${v}">${v}</option>`).join('')}
    </select>
    <select id="severity" aria-label="Severity"><option value="all">any severity</option>${SEVERITIES.map((v) => `<option value="${v}">${v}</option>`).join('')}</select>
    <select id="section" aria-label="Section"><option value="all">every section</option>${usedSections.map((x) => `<option value="${esc(x.id)}">${esc(x.name)}</option>`).join('')}</select>${several ? `
    <select id="account" aria-label="Account"><option value="all">every account</option>${report.accounts.map((a) => `<option value="${esc(a.id)}">${esc(a.id)}${a.name ? ` ${esc(a.name)}` : ''}</option>`).join('')}</select>` : ''}
    <span id="shown" class="muted"></span>
  </div>
  <table id="findings"><thead><tr><th>Status</th><th>Severity</th>${b ? '<th>Change</th>' : ''}<th>Rule</th>${several ? '<th>Account</th>' : ''}<th>Resource</th><th>Region</th><th>Message</th></tr></thead>
  <tbody>
`;
  yield* joined(shown, (f) => findingRow(f, rules.get(f.ruleId), !!b, several));
  yield `
  </tbody></table>
</section>
`;
  if (report.notChecked.length) {
    yield '<section id="not-checked"><h2>Could not be checked</h2>';
    if (notCheckedShown.length < report.notChecked.length) yield `<p class="card" id="not-checked-cap">Showing the first ${count(notCheckedShown.length)} of ${count(report.notChecked.length)} entries that could not be checked; the full list is in the JSON report (<code>notChecked</code>, <code>aws-tips audit --format json=FILE</code>).</p>`;
    yield '<ul>';
    yield* joined(notCheckedShown, (n) => `<li><b>${esc(n.ruleId)}</b> (${acct(n)}${esc(n.region)}): ${esc(n.message)}</li>`, '');
    yield '</ul></section>';
  }
  yield `
<section id="rules">
  <h2>Rules</h2>
  `;
  yield* joined(report.rules, (r) => ruleDetails(r, sectionName.get(r.section) ?? r.section));
  yield `
</section>
<footer>aws-tips ${esc(report.tool.version)} · report generated ${esc(report.generatedAt)}</footer>`;
  yield `
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The HTML report at size: written in bounded pieces, and above a cap it lists the first findings
 * (what gates first) and says so, while every count, score and per-account and per-rule figure
 * covers all of them. The cap is lowered through the option to keep the test fast.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { FINDING_STATUSES } from '../../src/rule.js';
import { HTML_MAX_FINDINGS, renderHtml } from '../../src/report/html.js';
import { bigReport, MAX_PIECE, pieces } from './big-report.js';
import { demoReport, hostileReport, invisibleReport, RAW_UNSAFE } from './demo-report.js';
import { orgReport } from './org-report.js';
import { SMALL_REPORTS } from './small-reports.js';

const CAP = 2000;
const TOTAL = 30000;

/** bigReport's figures recomputed over all its findings (it keeps the demo's), so the page must state these. */
function counted(r: Report): Report {
  const findings = Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as Report['summary']['findings'];
  const rules = new Map(r.rules.map((x) => [x.id, { ...x, counts: Object.fromEntries(FINDING_STATUSES.map((s) => [s, 0])) as typeof x.counts, suppressed: 0 }]));
  let suppressed = 0;
  for (const f of r.findings) {
    const rule = rules.get(f.ruleId)!;
    if (f.suppressed) {
      suppressed += 1;
      rule.suppressed += 1;
    } else {
      findings[f.status] += 1;
      rule.counts[f.status] += 1;
    }
  }
  const violations = r.findings.filter((f) => f.gates).length;
  return { ...r, rules: [...rules.values()], summary: { ...r.summary, findings, suppressed, violations } };
}

/** The findings table's rows, each as its opening tag and its text. */
function rows(page: string): string[] {
  const body = page.slice(page.indexOf('<table id="findings">'), page.indexOf('</tbody></table>', page.indexOf('<table id="findings">')));
  return body.split('<tr data-status=').slice(1);
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

const big = counted(bigReport(TOTAL));
const out = pieces(renderHtml(big, { maxFindings: CAP }));
const page = out.join('');

describe('html at size', () => {
  it('is written in more than one piece, none longer than MAX_PIECE', () => {
    expect(out.length).toBeGreaterThan(1);
    for (const p of out) expect(p.length).toBeLessThanOrEqual(MAX_PIECE);
  });

  it('lists the first CAP findings and says so above the table: N of M and where the full list is', () => {
    expect(rows(page)).toHaveLength(CAP);
    const notice = `Showing the first 2,000 of 30,000 findings`;
    expect(page).toContain(notice);
    expect(page.indexOf(notice)).toBeLessThan(page.indexOf('<table id="findings">'));
    expect(page).toContain('The full list is in the JSON or CSV report (<code>aws-tips audit --format json=FILE --format csv=FILE</code>)');
    // The default cap: a page a browser can load.
    const full = pieces(renderHtml(big));
    expect(rows(full.join(''))).toHaveLength(HTML_MAX_FINDINGS);
    expect(full.join('')).toContain(`Showing the first ${HTML_MAX_FINDINGS.toLocaleString('en-US')} of 30,000 findings`);
    for (const p of full) expect(p.length).toBeLessThanOrEqual(MAX_PIECE);
  });

  it('states the counts and per-rule figures of all the findings, not of those shown', () => {
    const s = big.summary;
    for (const k of ['fail', 'warn', 'error', 'pass', 'info'] as const) {
      expect(page).toContain(`<tr><td><span class="badge ${k}">${k}</span></td><td>${s.findings[k]}</td></tr>`);
    }
    expect(page).toContain(`<tr><td><span class="badge suppressed">suppressed</span></td><td>${s.suppressed}</td></tr>`);
    expect(s.findings.fail + s.findings.pass).toBeGreaterThan(CAP); // the shown rows alone could not add up to these
    expect(page).toContain(`${s.violations} violations`);
    for (const r of big.rules) {
      const counts = Object.entries(r.counts).filter(([, n]) => n > 0).map(([st, n]) => `${n} ${st}`);
      if (r.suppressed) counts.push(`${r.suppressed} suppressed`);
      if (counts.length) expect(page).toContain(` · ${counts.join(', ')}</span></summary>`);
    }
  });

  it('lists what gates first, even findings the table order puts below the cap', () => {
    // Only the low-severity fails gate (as with --fail-on low under a baseline where the others are unchanged):
    // in table order the critical, high and medium fails come first, more than CAP of them.
    const fails = big.findings.filter((f) => f.status === 'fail' && !f.suppressed);
    const low = new Set(fails.filter((f) => f.severity === 'low'));
    expect(low.size).toBeGreaterThan(0);
    expect(low.size).toBeLessThan(CAP);
    expect(fails.length - low.size).toBeGreaterThan(CAP);
    const r = { ...big, findings: big.findings.map((f, i) => ({ ...f, gates: low.has(f), message: low.has(f) ? `GATES-${i}` : f.message })) };
    const shown = rows(pieces(renderHtml(r, { maxFindings: CAP })).join(''));
    expect(shown).toHaveLength(CAP);
    expect(shown.slice(0, low.size).every((x) => x.includes('GATES-'))).toBe(true);
    expect(shown.slice(low.size).some((x) => x.includes('GATES-'))).toBe(false);
  });

  it('lists the first CAP entries that could not be checked and says so: N of M and where the full list is', () => {
    const one = big.notChecked[0] ?? { account: big.account.id, ruleId: big.rules[0]!.id, region: 'us-east-1', resource: 'arn:aws:ec2:us-east-1:111122223333:instance/i-1', message: '' };
    const notChecked = Array.from({ length: TOTAL }, (_, i) => ({ ...one, message: `NOT-CHECKED-${i}` }));
    const html = pieces(renderHtml({ ...big, notChecked }, { maxFindings: CAP })).join('');
    const section = html.slice(html.indexOf('<section id="not-checked">'), html.indexOf('</section>', html.indexOf('<section id="not-checked">')));
    expect(section.match(/<li>/g)).toHaveLength(CAP);
    expect(section).toContain('NOT-CHECKED-0<');
    expect(section).not.toContain(`NOT-CHECKED-${CAP}<`);
    expect(section).toContain('Showing the first 2,000 of 30,000 entries that could not be checked');
  });

  it('only its own script and style run: the CSP hashes match them', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!;
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(csp).toContain(`script-src 'sha256-${sha256(scripts[0]!)}'`);
    expect(csp).toContain(`style-src 'sha256-${sha256(styles[0]!)}'`);
  });

  it('escapes the findings it lists: no markup, bidi or control character from the account gets through', () => {
    const demo = demoReport();
    const hostile = pieces(renderHtml(bigReport(TOTAL, hostileReport(demo)), { maxFindings: CAP })).join('');
    expect(hostile.match(/<script>/g)).toHaveLength(1);
    expect(hostile).not.toContain('<img src=x');
    const invisible = pieces(renderHtml(bigReport(TOTAL, invisibleReport(demo)), { maxFindings: CAP })).join('');
    expect(invisible).not.toMatch(RAW_UNSAFE);
  });

  it('several accounts: the account table and filter list every account with its own figures, the rows name theirs', () => {
    const org = orgReport();
    const r = bigReport(TOTAL, org);
    const html = pieces(renderHtml(r, { maxFindings: CAP })).join('');
    for (const a of org.accounts) {
      expect(html).toMatch(new RegExp(`<tr data-account="${a.id}"><td><code>${a.id}</code></td>`));
      expect(html).toContain(`<option value="${a.id}">`);
      if (a.error === null) expect(html).toContain(`<td>${a.violations}</td><td>${a.findings.fail}</td><td>${a.findings.warn}</td><td>${a.findings.error}</td>`);
    }
    expect(rows(html).every((x) => /data-account="\d{12}"/.test(x))).toBe(true);
  });
});

describe('html: a small report', () => {
  it('is written in pieces that join to the page as before, with no notice', () => {
    const out = renderHtml(demoReport());
    expect(typeof out).not.toBe('string');
    const page = pieces(out).join('');
    expect(page).not.toContain('Showing the first');
    expect(rows(page)).toHaveLength(demoReport().findings.length);
  });
});

describe('html: below the cap, the same page as before it streamed', () => {
  it.each(SMALL_REPORTS)('%s', (name, make) => {
    const page = pieces(renderHtml(make(), { color: false, width: 80 })).join('');
    expect({ sha256: createHash('sha256').update(page).digest('hex'), length: page.length }).toMatchSnapshot();
  });
});

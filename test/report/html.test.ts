import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { esc, renderHtml as htmlPieces } from '../../src/report/html.js';
import { demoReport, hostileReport, invisibleReport, RAW_UNSAFE } from './demo-report.js';
import { CLEAN, orgReport, UNREACHABLE, WORST } from './org-report.js';

/**
 * The HTML report in a real browser: Debian's chromium (installed by .ci/run: apt-get install
 * chromium) driven by playwright-core. Without chromium the browser tests are skipped with a hint,
 * except under CI, where they fail: a CI run must not pass by skipping them.
 */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
const CHROMIUM = CANDIDATES.find((p) => existsSync(p));
const HINT = 'chromium not found (apt-get install chromium, or set CHROMIUM_PATH): the HTML report browser tests are skipped';
if (!CHROMIUM) {
  if (process.env.CI) throw new Error(`${HINT.replace(': the HTML report browser tests are skipped', '')} (required when CI is set)`);
  console.warn(`[skip] ${HINT}`);
}

/** The page as one string (the renderer yields it in pieces). */
function renderHtml(r: Report): string {
  return [...htmlPieces(r)].join('');
}

const report = demoReport();
const html = renderHtml(report);

describe('html (static)', () => {
  it('is one self-contained file: no external script, style, image or font', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<(script|img|link|iframe|object|embed)[^>]*\s(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('escapes every resource string', () => {
    expect(esc(`<a href="x" onclick='y'>&`)).toBe('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;');
    const hostile = renderHtml(hostileReport(report));
    expect(hostile.match(/<script>/g)).toHaveLength(1); // only ours
    expect(hostile).not.toContain('<img src=x');
    expect(hostile).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('shows bidi controls, invisible and non-XML characters escaped (line breaks are markup whitespace)', () => {
    expect(esc('a\u202eb\ufffe\ud800\u0007\u200b')).toBe('a\\u202eb\\ufffe\\ud800\\u0007\\u200b');
    expect(esc('one\ntwo')).toBe('one\ntwo');
    const out = renderHtml(invisibleReport(report));
    expect(out).not.toMatch(RAW_UNSAFE);
    expect(out).toContain('alarm\\u202e');
    expect(out).toContain('why\\u202e');
  });

  it('explains every rule', () => {
    for (const r of report.rules) {
      expect(html).toContain(`id="rule-${r.id}"`);
      expect(html).toContain(esc(r.remediation));
    }
  });
});

const cis = demoReport({ frameworks: ['cis-aws-foundations-5.0'] });
const cisHtml = renderHtml(cis);

describe('html: frameworks chosen with --framework (static)', () => {
  const fw = cis.frameworks[0]!;
  const section = cisHtml.slice(cisHtml.indexOf('<section class="framework" id="framework-cis-aws-foundations-5.0"'), cisHtml.indexOf('<section id="findings-section">'));

  it('without --framework, no compliance section', () => {
    expect(html).not.toContain('id="compliance"');
  });

  it('states the counts and the score over the checked controls as the report decided them', () => {
    const s = fw.summary;
    expect(section).toContain('<h3>CIS Amazon Web Services Foundations Benchmark 5.0.0 <span class="muted">(cis-aws-foundations-5.0)</span></h3>');
    expect(section).toContain(`${s.passed} passed, ${s.failed} failed, ${s.warned} warned, ${s.incomplete} incomplete, ${s.partiallyCovered} partially covered, <b>${s.notChecked} not checked by aws-tips</b> (of ${s.controls} controls) · score over ${s.passed + s.failed + s.warned} checked controls: <b>${s.score}/100</b>`);
  });

  it('a row per checked control: the SSH security group fails 5.3 and 5.4, with coverage, rules and counts', () => {
    const checked = fw.controls.filter((c) => c.status !== 'not-checked');
    expect(section.match(/<tr data-control-status=/g)).toHaveLength(checked.length);
    for (const id of ['5.3', '5.4']) {
      const c = fw.controls.find((x) => x.control === id)!;
      expect(c.status).toBe('fail');
      const row = section.slice(section.indexOf(`<td><code>${id}</code></td>`) - 80).split('</tr>')[0]!;
      expect(row).toContain('<span class="badge fail">fail</span>');
      expect(row).toContain(`<td>${esc(c.title)}</td>`);
      expect(row).toContain(`<td>${c.coverage}`);
      expect(row).toContain('<a href="#rule-ec2-no-ssh-ingress">ec2-no-ssh-ingress</a>');
      expect(row).toMatch(/<td>\d+ fail, /);
    }
  });

  it('lists the controls not checked, with the reason, never as passed', () => {
    const notChecked = fw.controls.filter((c) => c.status === 'not-checked');
    expect(section).toContain(`<h4>Not checked by aws-tips (${notChecked.length}): no verdict on these controls, not a pass</h4>`);
    for (const c of notChecked) expect(section).toContain(`<li><code>${esc(c.control)}</code> ${esc(c.title)} <span class="muted">(no aws-tips rule checks it)</span></li>`);
    const r = demoReport({ frameworks: ['cis-aws-foundations-5.0'], rule: ['ec2-no-ssh-ingress'] });
    const out = renderHtml(r);
    const notRun = r.frameworks[0]!.controls.find((c) => c.notCheckedReason === 'rules-not-run')!;
    expect(out).toContain(`<li><code>${esc(notRun.control)}</code> ${esc(notRun.title)} <span class="muted">(its aws-tips rules were not run in this audit)</span></li>`);
  });

  it('escapes the framework strings too', () => {
    const r = structuredClone(cis);
    r.frameworks[0]!.title = '<script>alert(1)</script>';
    r.frameworks[0]!.controls[0]!.title = '"><img src=x onerror=alert(2)>';
    const out = renderHtml(r);
    expect(out.match(/<script>/g)).toHaveLength(1);
    expect(out).not.toContain('<img src=x');
  });
});

const org = orgReport();
const orgHtml = renderHtml(org);

describe('html: an organization of several accounts (static)', () => {
  const section = orgHtml.slice(orgHtml.indexOf('<section id="accounts">'), orgHtml.indexOf('</section>', orgHtml.indexOf('<section id="accounts">')));

  it('a table of the accounts worst first: the unreachable one and why, then by violations, each with its name, score and counts', () => {
    expect(orgHtml).toContain('<title>aws-tips report: 3 accounts</title>');
    const rows = [...section.matchAll(/<tr data-account="(\d+)">(.*?)<\/tr>/g)];
    expect(rows.map((m) => m[1])).toEqual([UNREACHABLE, WORST, CLEAN]);
    expect(rows[0]![2]).toContain('<span class="badge error">not audited</span><div class="note">AccessDenied: not authorized to perform sts:AssumeRole</div>');
    const prod = org.accounts.find((a) => a.id === WORST)!;
    expect(rows[1]![2]).toBe(`<td><code>${WORST}</code></td><td>prod</td><td>audited</td><td class="poor">${prod.score}</td><td>${prod.violations}</td><td>${prod.findings.fail}</td><td>${prod.findings.warn}</td><td>${prod.findings.error}</td><td>0</td>`);
    expect(rows[2]![2]).toContain('<td>sandbox</td>');
  });

  it('each finding row names its account, a filter lists every account, what could not be checked names it', () => {
    const findingRows = orgHtml.match(/<tr data-status=[^>]*>/g)!;
    expect(findingRows).toHaveLength(org.findings.length);
    expect(findingRows.map((r) => /data-account="(\d+)"/.exec(r)?.[1])).toEqual(expect.arrayContaining([WORST, CLEAN, UNREACHABLE]));
    expect(orgHtml).toContain('<th>Rule</th><th>Account</th><th>Resource</th>');
    expect(orgHtml).toContain(`<select id="account" aria-label="Account"><option value="all">every account</option><option value="${WORST}">${WORST} prod</option>`);
    expect(orgHtml).toMatch(new RegExp(`<li><b>[a-z0-9-]+</b> \\(${UNREACHABLE} global\\): not checked`));
  });

  it('account names and errors are escaped', () => {
    const r = structuredClone(org);
    r.accounts[0]!.name = '<img src=x onerror=alert(1)>';
    r.accounts[2]!.error = '<script>alert(2)</script>\u202e';
    const out = renderHtml(r);
    expect(out).not.toContain('<img src=x');
    expect(out.match(/<script>/g)).toHaveLength(1);
    expect(out).toContain('&#60;script&#62;alert(2)&#60;/script&#62;\\u202e');
  });

  it('one account: no account table, filter or column', () => {
    expect(html).not.toContain('id="accounts"');
    expect(html).not.toContain('id="account"');
    expect(html).not.toContain('data-account=');
    expect(html).toContain(`<h1>aws-tips report: account ${report.account.id}</h1>`);
  });
});

describe.skipIf(!CHROMIUM)('html in headless chromium', () => {
  let dir: string;
  let close: () => Promise<void>;
  let context: BrowserContext;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    dir = mkdtempSync(join(tmpdir(), 'aws-tips-html-'));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    close = () => context.close();
  }, 60_000);

  afterAll(async () => {
    await close?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(content: string) {
    const file = join(dir, `report-${Math.random().toString(36).slice(2)}.html`);
    writeFileSync(file, content);
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    return { page, problems, requests: () => requests.filter((r) => r !== url) };
  }

  it('the section chart fits a 390 px viewport (a phone), its bars and labels still drawn', async () => {
    const { page } = await open(html);
    await page.setViewportSize({ width: 390, height: 844 });
    const chart = (await page.locator('#sections').boundingBox())!;
    expect(chart.x).toBeGreaterThanOrEqual(0);
    expect(chart.x + chart.width).toBeLessThanOrEqual(390);
    const figure = (await page.locator('figure:has(#sections)').boundingBox())!;
    expect(figure.x + figure.width).toBeLessThanOrEqual(390);
    const bar = (await page.locator('#sections rect.bar').first().boundingBox())!;
    expect(bar.width).toBeGreaterThan(0);
    expect(bar.x + bar.width).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('renders without console errors or network requests, and draws the gauge and the section chart', async () => {
    const { page, problems, requests } = await open(html);
    expect(await page.title()).toContain(report.account.id);
    const gauge = await page.locator('#gauge circle.value').boundingBox();
    expect(gauge!.width).toBeGreaterThan(50);
    const scored = report.score.sections.filter((s) => s.score !== null && s.score > 0 && report.rules.some((r) => r.section === s.id));
    expect(scored.length).toBeGreaterThan(0);
    const bars = page.locator('#sections rect.bar');
    expect(await bars.count()).toBe(report.score.sections.filter((s) => s.score !== null && report.rules.some((r) => r.section === s.id)).length);
    for (const s of scored) {
      const box = await page.locator(`#sections g[data-section="${s.id}"] rect.bar`).boundingBox();
      expect(box, s.id).not.toBeNull();
      expect(box!.width, s.id).toBeGreaterThan(0);
      expect(box!.height, s.id).toBeGreaterThan(0);
    }
    // A higher score draws a longer bar.
    const [lo, hi] = [...scored].sort((a, b) => a.score! - b.score!).filter((s, i, a) => i === 0 || i === a.length - 1);
    if (lo && hi && lo.score! < hi.score!) {
      const w = async (id: string) => (await page.locator(`#sections g[data-section="${id}"] rect.bar`).boundingBox())!.width;
      expect(await w(hi.id)).toBeGreaterThan(await w(lo.id));
    }
    expect(problems).toEqual([]);
    expect(requests()).toEqual([]);
    await page.close();
  });

  it('filters the findings table as you type and by status', async () => {
    const { page, problems } = await open(html);
    const rows = page.locator('#findings tbody tr');
    const visible = page.locator('#findings tbody tr:not([hidden])');
    const total = await rows.count();
    expect(total).toBe(report.findings.length);
    const problemsOnly = report.findings.filter((f) => f.status !== 'pass' && !f.suppressed).length;
    expect(await visible.count()).toBe(problemsOnly); // default: passes hidden
    const target = report.findings.find((f) => f.ruleId === 'ec2-no-ssh-ingress' && f.status === 'fail') ?? report.findings.find((f) => f.status === 'fail')!;
    await page.fill('#filter', target.resource.id);
    const shown = await visible.count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(problemsOnly);
    for (const text of await visible.allTextContents()) expect(text.toLowerCase()).toContain(target.resource.id.toLowerCase());
    await expect.poll(() => page.locator('#shown').textContent()).toBe(`${shown} of ${total} findings shown`);
    await page.fill('#filter', 'no-such-resource-anywhere');
    expect(await visible.count()).toBe(0);
    await page.fill('#filter', '');
    await page.selectOption('#status', 'pass');
    expect(await visible.count()).toBe(report.findings.filter((f) => f.status === 'pass' && !f.suppressed).length);
    await page.selectOption('#status', 'all');
    expect(await visible.count()).toBe(total);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('with --framework: the compliance tables render without console errors, and the findings filter still counts findings only', async () => {
    const { page, problems, requests } = await open(cisHtml);
    const fw = cis.frameworks[0]!;
    const rows = page.locator('#framework-cis-aws-foundations-5\\.0 table.controls tbody tr');
    expect(await rows.count()).toBe(fw.controls.filter((c) => c.status !== 'not-checked').length);
    expect(await page.locator('#framework-cis-aws-foundations-5\\.0 tr[data-control-status="fail"] td:nth-child(2)').allTextContents()).toEqual(expect.arrayContaining(['5.3', '5.4']));
    expect(await page.locator('#framework-cis-aws-foundations-5\\.0 ul.not-checked li').count()).toBe(fw.summary.notChecked);
    expect(await rows.first().isVisible()).toBe(true);
    await expect.poll(() => page.locator('#shown').textContent()).toMatch(new RegExp(` of ${cis.findings.length} findings shown$`));
    expect(problems).toEqual([]);
    expect(requests()).toEqual([]);
    await page.close();
  });

  it('several accounts: the account filter and a click on an account row show that account\'s findings only', async () => {
    const { page, problems, requests } = await open(orgHtml);
    const visible = page.locator('#findings tbody tr:not([hidden])');
    await page.selectOption('#status', 'all');
    expect(await visible.count()).toBe(org.findings.length);
    await page.selectOption('#account', CLEAN);
    expect(await visible.count()).toBe(org.findings.filter((f) => f.account === CLEAN).length);
    for (const a of await visible.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account')))) expect(a).toBe(CLEAN);
    await page.click(`#accounts tr[data-account="${UNREACHABLE}"]`);
    expect(await page.locator('#account').inputValue()).toBe(UNREACHABLE);
    expect(await visible.count()).toBe(org.findings.filter((f) => f.account === UNREACHABLE).length);
    expect(await visible.count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    expect(requests()).toEqual([]);
    await page.close();
  });

  it('reports a script error or a script the CSP refuses (the console check can fail)', async () => {
    const broken = await open(html.replace('apply();\n})();', 'apply(); undefinedFunction();\n})();'));
    expect(broken.problems.join('\n')).toMatch(/Content Security Policy|undefinedFunction/);
    await broken.page.close();
  });

  it('runs no injected markup from resource strings', async () => {
    const { page, problems, requests } = await open(renderHtml(hostileReport(report)));
    expect(await page.locator('#findings img').count()).toBe(0);
    expect(await page.locator('#findings tbody script').count()).toBe(0);
    expect(await page.locator('#findings tbody').textContent()).toContain('<script>alert(1)</script>');
    expect(problems).toEqual([]);
    expect(requests()).toEqual([]);
    await page.close();
  });
});

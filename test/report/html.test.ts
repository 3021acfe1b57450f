import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esc, renderHtml } from '../../src/report/html.js';
import { demoReport, hostileReport, invisibleReport, RAW_UNSAFE } from './demo-report.js';

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

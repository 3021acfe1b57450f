import { describe, expect, it } from 'vitest';
import { mdCode, mdText, renderMarkdown } from '../../src/report/markdown.js';
import { demoReport, hostileReport, invisibleReport, RAW_UNSAFE } from './demo-report.js';

/** Cells of a GFM table row: split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
}

/** The text outside code spans (whose content Markdown shows literally). */
function outsideCode(md: string): string {
  let out = '';
  for (let i = 0; i < md.length; ) {
    const run = /^`+/.exec(md.slice(i))?.[0];
    if (!run || md[i - 1] === '\\') {
      out += md[i];
      i += 1;
      continue;
    }
    const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
    close.lastIndex = i + run.length;
    const m = close.exec(md);
    if (!m) {
      out += run;
      i += run.length;
      continue;
    }
    out += '<code/>';
    i = m.index + run.length;
  }
  return out;
}

/** The rows of the table under a heading. */
function table(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  const rows: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.startsWith('|')) rows.push(l);
    else if (rows.length) break;
  }
  return rows;
}

describe('markdown', () => {
  const report = demoReport({ minScore: 95 });
  const md = renderMarkdown(report);

  it('opens with the verdict, the score and the counts', () => {
    expect(md.split('\n')[0]).toMatch(/^## ❌ aws-tips: \d+ violations?, score below the minimum$/);
    expect(md).toContain(`**Score ${report.score.overall}/100** (minimum 95)`);
    const f = report.summary.findings;
    expect(md).toContain(`| count | ${f.fail} | ${f.warn} | ${f.error} | ${f.pass} | ${f.info} | ${report.summary.suppressed} |`);
  });

  it('lists the failing findings as a table, most severe first', () => {
    const failing = report.findings.filter((f) => f.status === 'fail' && !f.suppressed);
    const rows = table(md, '### Failing findings');
    expect(rows).toHaveLength(Math.min(failing.length, 50) + 2);
    for (const r of rows) expect(cells(r)).toHaveLength(5);
    const sev = rows.slice(2).map((r) => cells(r)[0]!.replace(/\*/g, '').trim());
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    expect(sev).toEqual([...sev].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
  });

  it('collapses the details in one <details> per section', () => {
    const sections = report.score.sections.filter((s) => report.rules.some((r) => r.section === s.id));
    expect(md.match(/<details>/g)).toHaveLength(sections.length);
    expect(md.match(/<\/details>/g)).toHaveLength(sections.length);
    for (const s of sections) expect(md).toContain(`<summary><b>${s.name}</b>`);
  });

  it('shows the baseline, fixed findings and the suppressions to review', () => {
    const fail = report.findings.find((f) => f.status === 'fail')!;
    const base = structuredClone(report);
    base.findings.push({ ...fail, resource: { ...fail.resource, arn: 'arn:aws:ec2:us-east-1:1:instance/i-gone', id: 'i-gone' } });
    base.findings = base.findings.filter((f) => !(f.ruleId === fail.ruleId && f.resource.arn === fail.resource.arn));
    const r = demoReport({ baseline: base, suppressions: [{ rule: '*', resource: 'arn:aws:nothing:*', reason: 'stale' }] });
    const out = renderMarkdown(r);
    expect(out).toMatch(/\*\*Baseline\*\* `baseline.json` .*\*\*\d+ new\*\*, \d+ unchanged, 1 fixed/);
    expect(out).toContain('### Fixed since the baseline (1)');
    expect(out).toContain('`i-gone`');
    expect(out).toContain('| 🆕 new |');
    expect(out).toMatch(/### Suppressions to review\n\n- `\*` on `arn:aws:nothing:\*` \(stale\): \*\*unused\*\*/);
  });

  it('escapes Markdown and HTML metacharacters from resource data', () => {
    expect(mdText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(mdText('a | b *c* _d_ [e](f) `g` ~h~ $x$')).toBe('a \\| b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` \\~h\\~ \\$x\\$');
    expect(mdText('ping @alice')).toBe('ping @\u200balice');
    expect(mdText('two\nlines')).toBe('two\\\\nlines');
    expect(mdCode('a`b|c')).toBe('``a`b\\|c``');
    const out = renderMarkdown(hostileReport(report));
    const text = outsideCode(out);
    expect(text).toContain('&lt;script&gt;');
    expect(text).not.toMatch(/<script>|<img /);
    expect(text).not.toMatch(/(?<!\\)\[link(?<!\\)\]\(/); // no live link
    expect(text).toContain('@\u200bsomeone');
    expect(text).not.toMatch(/@someone/);
    for (const row of table(out, '### Failing findings')) expect(cells(row)).toHaveLength(5);
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it('fits a pull-request comment (65,536 characters) however large the account', () => {
    const big = structuredClone(report);
    big.findings = Array.from({ length: 40 }, (_, i) =>
      report.findings.map((f) => ({ ...f, resource: { ...f.resource, arn: `${f.resource.arn}-${i}` }, message: `${f.message} ${'x'.repeat(200)}` })),
    ).flat();
    const out = renderMarkdown(big);
    expect(out.length).toBeLessThan(65_536);
    expect(out).toContain('### By section');
    expect(out.match(/<details>/g)!.length).toBe(out.match(/<\/details>/g)!.length);
    expect(out).toMatch(/more (failing findings|sections?)/);
  });

  it('shows bidi controls, invisible and non-XML characters escaped', () => {
    const out = renderMarkdown(invisibleReport(report));
    // Its own zero-width space after "@" (no @mention) is the only one.
    expect(out.replace(/@\u200b/g, '@')).not.toMatch(RAW_UNSAFE);
    expect(out).toContain('alarm\\\\u202e');
    expect(out).toContain('`name\\u202e');
  });
});


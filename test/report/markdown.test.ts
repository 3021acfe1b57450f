import { describe, expect, it } from 'vitest';
import { mdCode, mdText, renderMarkdown } from '../../src/report/markdown.js';
import { demoReport, hostileReport, invisibleReport, RAW_UNSAFE } from './demo-report.js';
import { CLEAN, orgReport, UNREACHABLE, WORST } from './org-report.js';

/**
 * Cells of a GFM table row as cmark-gfm (GitHub) splits it: left to right, a backslash and the ASCII punctuation
 * character after it are one escape (`\\\\` included), any other `|` ends a cell.
 */
function cells(row: string): string[] {
  const s = row.trim().replace(/^\|/, '');
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length && /[!-/:-@[-`{-~]/.test(s[i + 1]!)) {
      cell += s[i]! + s[i + 1]!;
      i++;
    } else if (s[i] === '|') {
      out.push(cell);
      cell = '';
    } else cell += s[i];
  }
  if (cell.trim() !== '') out.push(cell);
  return out;
}

/** What cmark-gfm hands the inline parser for a cell: every `\\|` becomes `|` (unescape_pipes). */
const unescapePipes = (cell: string) => cell.replace(/\\\|/g, '|');

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
    base.findings.push({ ...fail, key: 'f'.repeat(32), resource: { ...fail.resource, arn: 'arn:aws:ec2:us-east-1:1:instance/i-gone', id: 'i-gone' } });
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


describe('markdown: account text that GitHub would turn into something else', () => {
  const report = demoReport();

  it('bare URLs and www. names from the account never become links: they are shown in code spans', () => {
    const r = structuredClone(report);
    const urls = ['http://evil.example/login', 'HTTPS://EVIL.EXAMPLE/a?b=c', 'www.evil.example', 'WWW.Evil.Example/x', 'ftp://files.evil.example', 'mailto:ceo@evil.example'];
    r.findings = r.findings.map((f, i) => ({ ...f, message: `see ${urls[i % urls.length]} (${urls[(i + 1) % urls.length]}): ${f.message}` }));
    r.notChecked = [...r.notChecked, { account: '111122223333', ruleId: r.rules[0]!.id, region: 'eu-west-1', resource: 'x', message: 'AccessDenied, see https://evil.example/help' }];
    r.suppressions = [...r.suppressions, { rule: '*', resource: 'arn:*', region: null, tags: null, reason: 'approved at www.evil.example', expires: null, status: 'unused', matched: 0 } as (typeof r.suppressions)[number]];
    const out = renderMarkdown(r);
    const text = outsideCode(out);
    expect(text).not.toMatch(/(?:https?|ftp):\/\/|www\.|mailto:/i);
    expect(out).toContain('`http://evil.example/login`');
    expect(out).toContain('`www.evil.example`');
    expect(out).toContain('approved at `www.evil.example`');
    expect(mdText('go to https://x.example/a|b now')).toBe('go to `https://x.example/a`\\|b now');
  });

  it('a backslash before a pipe in a name keeps its table cell whole and shows as it is', () => {
    const r = structuredClone(report);
    const names = ['a\\|b', 'c\\\\|d', 'e\\', '|f\\`|'];
    const failing = r.findings.filter((f) => f.status === 'fail');
    failing.forEach((f, i) => {
      f.resource = { ...f.resource, id: names[i % names.length]!, region: names[(i + 1) % names.length]! };
      f.message = `msg ${names[(i + 2) % names.length]} end`;
    });
    const out = renderMarkdown(r);
    const rows = table(out, '### Failing findings');
    expect(rows.length).toBeGreaterThan(names.length + 2);
    for (const row of rows) expect(cells(row), row).toHaveLength(5);
    // In code or as escaped text, the name reads as it is: `a\|b` (a code span) or a\\\|b (escaped text).
    const shown = rows.slice(2).map((row) => unescapePipes(cells(row)[2]!.trim()));
    for (const cell of shown) {
      const literal = /^(`+) ?(.*?) ?\1$/.exec(cell)?.[2] ?? cell.replace(/\\([!-/:-@[-`{-~])/g, '$1');
      expect(names, cell).toContain(literal);
    }
    for (const row of table(out, '### By section').slice(0)) expect(cells(row).length, row).toBeLessThanOrEqual(5);
    expect(cells(`| ${mdCode('a\\|b')} |`)).toHaveLength(1);
  });

  it('stays under 65,536 characters with every list huge, saying how many items were left out and that the JSON report has them', () => {
    const big = structuredClone(report);
    const huge = 'x'.repeat(1024 * 1024);
    const fail = report.findings.find((f) => f.status === 'fail')!;
    big.findings = Array.from({ length: 1000 }, (_, i) => ({ ...fail, message: `${i} ${huge}`, resource: { ...fail.resource, arn: `${fail.resource.arn}-${i}`, id: `${huge}${i}` } }));
    big.notChecked = Array.from({ length: 1000 }, (_, i) => ({ account: fail.account, ruleId: fail.ruleId, region: 'eu-west-1', resource: `r${i}`, message: `${i} AccessDenied ${huge}` }));
    big.suppressions = Array.from({ length: 1000 }, (_, i) => ({
      rule: `rule-${i}`, resource: `arn:aws:ec2:*:*:instance/i-${'0'.repeat(150)}${i}`, region: 'eu-west-1', tags: null, accounts: null,
      reason: `accepted in ticket SEC-${i}, ${'reason '.repeat(20)}`, expires: i % 2 ? '2020-01-01' : null, status: i % 2 ? 'expired' : 'unused', matched: i % 3,
    }) as (typeof big.suppressions)[number]);
    big.baseline = {
      file: `${huge}.json`, generatedAt: '2026-01-01T00:00:00.000Z', counts: { new: 1000, unchanged: 0, fixed: 1000 },
      fixed: Array.from({ length: 1000 }, (_, i) => ({ ...fail, message: `${i} ${huge}`, resource: { ...fail.resource, id: `gone-${i}` } })) as unknown as NonNullable<typeof big.baseline>['fixed'],
    };
    big.regions = Array.from({ length: 500 }, (_, i) => `xx-region-${i}`);
    const out = renderMarkdown(big);
    expect(out.length).toBeLessThan(65_536);
    const count = (what: string) => {
      const m = new RegExp(`…and (\\d+) more ${what}`).exec(out);
      expect(m, what).not.toBeNull();
      return Number(m![1]);
    };
    const failingRows = table(out, '### Failing findings').length - 2;
    expect(failingRows + count('failing findings')).toBe(1000);
    const section = (heading: string) => out.slice(out.indexOf(heading)).split('\n###')[0]!;
    const items = (heading: string) => section(heading).split('\n').filter((l) => l.startsWith('- ')).length;
    expect(items('### Fixed since the baseline') + count('fixed findings')).toBe(1000);
    expect(items('### Suppressions to review') + count('suppressions to review')).toBe(1000);
    expect(items('### Could not be checked') + count('items that could not be checked')).toBe(1000);
    expect(out).toMatch(/…and \d+ more regions/);
    for (const m of out.matchAll(/…and \d+ more [^\n]*/g)) expect(m[0]).toMatch(/JSON report/);
    expect(out.match(/<details>/g)?.length ?? 0).toBe(out.match(/<\/details>/g)?.length ?? 0);
  });
});

describe('markdown: frameworks chosen with --framework', () => {
  const cis = demoReport({ frameworks: ['cis-aws-foundations-5.0'] });
  const md = renderMarkdown(cis);
  const fw = cis.frameworks[0]!;
  const heading = '### Compliance: CIS Amazon Web Services Foundations Benchmark 5.0.0 (`cis-aws-foundations-5.0`)';

  it('without --framework, no compliance section', () => {
    expect(renderMarkdown(demoReport())).not.toContain('### Compliance');
  });

  it('states the counts and the score over the checked controls, before the sections', () => {
    const s = fw.summary;
    expect(md.indexOf(heading)).toBeGreaterThan(0);
    expect(md.indexOf(heading)).toBeLessThan(md.indexOf('### By section'));
    expect(md).toContain(`${s.passed} passed, ${s.failed} failed, ${s.warned} warned, ${s.incomplete} incomplete, ${s.partiallyCovered} partially covered, **${s.notChecked} not checked by aws-tips** (of ${s.controls} controls) · score over ${s.passed + s.failed + s.warned} checked controls: **${s.score}/100**`);
  });

  it('a row per checked control (status, control, title, coverage, rules, counts): the SSH security group fails 5.3 and 5.4', () => {
    const rows = table(md, heading).slice(2);
    const checked = fw.controls.filter((c) => c.status !== 'not-checked');
    expect(rows).toHaveLength(checked.length);
    for (const row of rows) expect(cells(row)).toHaveLength(6);
    for (const id of ['5.3', '5.4']) {
      const c = fw.controls.find((x) => x.control === id)!;
      const row = rows.find((r) => cells(r)[1]!.trim() === `\`${id}\``)!;
      const [status, , title, coverage, rules, counts] = cells(row).map((x) => x.trim());
      expect(status).toBe('❌ fail');
      expect(title).toBe(mdText(c.title));
      expect(coverage).toBe(c.coverage);
      expect(rules).toContain('`ec2-no-ssh-ingress`');
      expect(counts).toMatch(/^\d+ fail/);
    }
  });

  it('lists every control not checked, with its reason, never as passed', () => {
    const notChecked = fw.controls.filter((c) => c.status === 'not-checked');
    expect(notChecked.length).toBeGreaterThan(0);
    expect(md).toContain(`<summary>Not checked by aws-tips (${notChecked.length}): no verdict on these controls, not a pass</summary>`);
    for (const c of notChecked) expect(md).toContain(`- \`${c.control}\` ${mdText(c.title)}: no aws-tips rule checks it`);
    const r = demoReport({ frameworks: ['cis-aws-foundations-5.0'], rule: ['ec2-no-ssh-ingress'] });
    const out = renderMarkdown(r);
    const notRun = r.frameworks[0]!.controls.filter((c) => c.notCheckedReason === 'rules-not-run');
    expect(notRun.length).toBeGreaterThan(0);
    for (const c of notRun) expect(out).toContain(`- \`${c.control}\` ${mdText(c.title)}: its aws-tips rules were not run in this audit`);
  });

  it('every framework at once still fits a pull-request comment, what was left out counted', () => {
    const all = demoReport({ frameworks: ['cis-aws-foundations-3.0', 'cis-aws-foundations-5.0', 'cis-aws-foundations-7.0', 'aws-fsbp', 'aws-well-architected'] });
    const big = structuredClone(all);
    for (const f of big.frameworks) f.controls = f.controls.map((c) => ({ ...c, title: `${c.title} ${'y'.repeat(400)}` }));
    for (const r of [all, big]) {
      const out = renderMarkdown(r);
      expect(out.length).toBeLessThan(65_536);
      expect(out.match(/^### Compliance: /gm)).toHaveLength(5);
      expect(out.match(/<details>/g)!.length).toBe(out.match(/<\/details>/g)!.length);
    }
    expect(renderMarkdown(big)).toMatch(/…and \d+ more controls (of this framework|not checked), left out to fit a pull-request comment; the JSON report/);
  });
});

describe('markdown: an organization of several accounts', () => {
  const org = orgReport();
  const md = renderMarkdown(org);

  it('a per-account table after the counts, worst first: the unreachable account and why, then by violations', () => {
    expect(md).toContain('3 accounts');
    expect(md).not.toContain(`account \`${org.account.id}\``);
    const rows = table(md, '### Accounts (3, worst first)');
    expect(cells(rows[0]!).map((c) => c.trim())).toEqual(['Account', 'Name', 'Audit', 'Score', 'Violations', 'fail', 'warn', 'error', 'suppressed']);
    const body = rows.slice(2).map((r) => cells(r).map((c) => c.trim()));
    expect(body.map((r) => r[0])).toEqual([`\`${UNREACHABLE}\``, `\`${WORST}\``, `\`${CLEAN}\``]);
    expect(body[0]![2]).toBe('❓ not audited: AccessDenied: not authorized to perform sts:AssumeRole');
    const prod = org.accounts.find((a) => a.id === WORST)!;
    expect(body[1]).toEqual([`\`${WORST}\``, 'prod', 'audited', `${prod.score}/100`, String(prod.violations), String(prod.findings.fail), String(prod.findings.warn), String(prod.findings.error), '0']);
    expect(body[2]![1]).toBe('sandbox');
    expect(md.indexOf('### Accounts')).toBeLessThan(md.indexOf('### Failing findings'));
  });

  it('finding rows and what could not be checked name the account', () => {
    const failing = table(md, '### Failing findings');
    expect(cells(failing[0]!).map((c) => c.trim())).toEqual(['Severity', 'Rule', 'Account', 'Resource', 'Region', 'Message']);
    const accounts = new Set(failing.slice(2).map((r) => cells(r)[2]!.trim()));
    expect(accounts).toEqual(new Set([`\`${WORST}\``, `\`${CLEAN}\``]));
    expect(md).toMatch(new RegExp(`^- \`[a-z0-9-]+\` \\(\`${UNREACHABLE}\` \`global\`\\): not checked`, 'm'));
    const section = md.slice(md.indexOf('### By section'));
    expect(section).toMatch(new RegExp(`\\| Status \\| Severity \\| Rule \\| Account \\| Resource \\| Message \\|`));
  });

  it('account names are escaped; an incomplete account says so', () => {
    const r = structuredClone(org);
    r.accounts[1]!.name = '<img src=x> **bold** @team';
    r.accounts[1]!.incomplete = true;
    const out = renderMarkdown(r);
    expect(out).toContain('&lt;img src=x&gt; \\*\\*bold\\*\\* @\u200bteam | ❓ incomplete |');
  });

  it('one account: no account table and no account column', () => {
    const single = renderMarkdown(demoReport());
    expect(single).not.toContain('### Accounts');
    expect(single).toContain('account `111122223333`');
    expect(cells(table(single, '### Failing findings')[0]!)).toHaveLength(5);
  });

  it('a thousand accounts stay within a pull-request comment, the rest counted', () => {
    const r = structuredClone(org);
    r.accounts = Array.from({ length: 1000 }, (_, i) => ({ ...org.accounts[1]!, id: String(100000000000 + i), name: 'n'.repeat(200) }));
    const out = renderMarkdown(r);
    expect(out.length).toBeLessThan(65_536);
    const shown = table(out, '### Accounts (1000, worst first)').length - 2;
    expect(shown).toBeGreaterThan(0);
    expect(out).toContain(`…and ${1000 - shown} more accounts, `);
  });
});

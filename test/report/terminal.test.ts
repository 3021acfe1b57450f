import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/report/terminal.js';
import { demoReport } from './demo-report.js';
import { CLEAN, orgReport, UNREACHABLE, WORST } from './org-report.js';

describe('terminal: suppressions and baseline', () => {
  const plain = demoReport();
  const fail = plain.findings.find((f) => f.ruleId === 'ec2-no-ssh-ingress' && f.status === 'fail')!;

  it('shows a suppressed finding as suppressed, with its reason, and counts it', () => {
    const r = demoReport({ suppressions: [{ rule: fail.ruleId, resource: fail.resource.arn, reason: 'bastion, SEC-123' }] });
    const out = renderTerminal(r, { color: false, width: 200 });
    expect(out).toMatch(new RegExp(`SUPP .*${fail.resource.id}.*\\(suppressed fail: bastion, SEC-123\\)`));
    expect(out).toMatch(/Findings .*, 1 suppressed/);
  });

  it('lists suppressions to review: expired and unused', () => {
    const r = demoReport({ suppressions: [{ rule: '*', resource: fail.resource.arn, reason: 'old', expires: '2020-01-01' }, { rule: 'nope', resource: '*', reason: 'typo' }] });
    const out = renderTerminal(r, { color: false, width: 200 });
    expect(out).toContain('Suppressions to review');
    expect(out).toMatch(/\* on arn:aws:ec2:.*: expired on 2020-01-01: \d+ finding\(s\) no longer suppressed/);
    expect(out).toContain('nope on *: unused: it matched no finding');
  });

  it('shows the baseline counts, marks new failures and lists fixed ones', () => {
    const base = structuredClone(plain);
    base.findings = base.findings.filter((f) => f !== base.findings[plain.findings.indexOf(fail)]);
    base.findings.push({ ...fail, key: 'f'.repeat(32), resource: { ...fail.resource, arn: 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-gone', id: 'sg-gone' } });
    const out = renderTerminal(demoReport({ baseline: base }), { color: false, width: 200 });
    expect(out).toMatch(/Baseline  baseline\.json: \d+ new, \d+ unchanged, 1 fixed/);
    expect(out).toMatch(new RegExp(`\\[new\\] .*${fail.resource.id}`));
    expect(out).toMatch(/fixed ec2-no-ssh-ingress sg-gone/);
  });
});

describe('terminal: strings from the account or the user are escaped', () => {
  const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udfff]/;
  const FORGE = '\u001b]0;pwned\u0007\u001b[2J\nFAKE  everything passed\u202e';

  it('item regions, regions of what could not be checked and the snapshot path (OSC/CSI sequences, forged lines)', () => {
    const r = demoReport();
    r.source = { ...r.source, kind: 'snapshot', file: `/tmp/${FORGE}.json` };
    r.regions = [...r.regions, `eu-west-1${FORGE}`];
    const f = r.findings.find((x) => x.status === 'fail')!;
    f.resource = { ...f.resource, region: `us-east-1${FORGE}` };
    r.notChecked = [{ account: '111122223333', ruleId: `rule${FORGE}`, region: `ap-south-1${FORGE}`, resource: 'x', message: 'AccessDenied' }];
    r.suppressions = [{ rule: '*', resource: 'arn:*', region: 'x', tags: {}, reason: 'r', expires: `2020-01-01${FORGE}`, status: 'expired', matched: 1 } as (typeof r.suppressions)[number]];
    const out = renderTerminal(r, { color: false, width: 120 });
    expect(out).not.toMatch(UNSAFE);
    expect(out).not.toMatch(/^FAKE/m);
    expect(out).toContain('snapshot /tmp/\\u001b]0;pwned\\u0007\\u001b[2J\\nFAKE  everything passed\\u202e.json');
    expect(out).toContain('[us-east-1\\u001b]0;pwned');
    expect(out).toContain('(ap-south-1\\u001b]0;pwned');
    expect(out).toContain('eu-west-1\\u001b]0;pwned');
  });

  it('bidi controls and zero-width characters in names, messages and tags are shown escaped', () => {
    const r = demoReport();
    const f = r.findings.find((x) => x.status === 'fail')!;
    f.resource = { ...f.resource, id: 'admin\u202egnp.exe\u200b' };
    f.message = `evil\u2066name\u2069 \u061c\ufeff\u2028 ${f.message}`;
    const out = renderTerminal(r, { color: false, width: 200 });
    expect(out).not.toMatch(UNSAFE);
    expect(out).toContain('evil\\u2066name\\u2069 \\u061c\\ufeff\\u2028');
  });

  it('renders a 1 MiB resource name in bounded memory (a child with a 192 MB heap)', () => {
    // The quadratic wrap kept every cut line alive as a slice of a fresh ~1 MB string: gigabytes for one name.
    const script = `
      const { renderTerminal } = await import(${JSON.stringify(new URL('../../src/report/terminal.ts', import.meta.url).pathname)});
      const { demoReport } = await import(${JSON.stringify(new URL('./demo-report.ts', import.meta.url).pathname)});
      const r = demoReport();
      const f = r.findings.find((x) => x.status === 'fail');
      const name = 'n'.repeat(1024 * 1024);
      f.resource = { ...f.resource, id: name, region: 'eu-west-1' };
      f.message = name + ' is open to the world';
      const out = renderTerminal(r, { color: true, width: 80 });
      process.stdout.write(JSON.stringify({ length: out.length, heapMiB: process.memoryUsage().heapUsed / 2 ** 20 }));
    `;
    const child = spawnSync(process.execPath, ['--max-old-space-size=192', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const { length, heapMiB } = JSON.parse(child.stdout) as { length: number; heapMiB: number };
    expect(length).toBeGreaterThan(1024 * 1024); // the name, wrapped
    expect(heapMiB).toBeLessThan(150);
  }, 150_000);
});

describe('terminal: frameworks chosen with --framework', () => {
  // eslint-disable-next-line no-control-regex
  const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
  const cis = demoReport({ frameworks: ['cis-aws-foundations-5.0'] });
  const fw = cis.frameworks[0]!;

  it('without --framework, no compliance block', () => {
    expect(renderTerminal(demoReport(), { color: false, width: 120 })).not.toContain('Compliance:');
  });

  it('after the summary: the framework, its counts and score as the report states them, what aws-tips does not check, the worst controls', () => {
    const out = renderTerminal(cis, { color: false, width: 200 });
    const lines = out.split('\n');
    const at = lines.indexOf('Compliance: CIS Amazon Web Services Foundations Benchmark 5.0.0 (cis-aws-foundations-5.0)');
    expect(at).toBeGreaterThan(lines.indexOf('Summary'));
    const s = fw.summary;
    expect(lines[at + 1]).toBe(`  Controls  ${s.passed} passed, ${s.failed} failed, ${s.warned} warned, ${s.incomplete} incomplete, ${s.partiallyCovered} partially covered, ${s.notChecked} not checked (of ${s.controls}) · score over ${s.passed + s.failed + s.warned} checked controls: ${s.score}/100`);
    expect(s.notChecked).toBeGreaterThan(0);
    expect(out).toContain(`  ${s.notChecked} controls not checked by aws-tips: no verdict on them, not a pass`);
    const worst = fw.controls.filter((c) => ['fail', 'warn', 'incomplete'].includes(c.status));
    expect(worst.length).toBeGreaterThan(10);
    const listed = lines.slice(at).filter((l) => /^ {4}[✗!?] /.test(l));
    expect(listed).toHaveLength(10);
    expect(listed[0]).toMatch(new RegExp(`^    ✗ FAIL ${worst[0]!.control.replace('.', '\\.')} +${worst[0]!.coverage === 'partial' ? '\\(partial\\) ' : ''}`));
    expect(out).toContain(`    ... and ${worst.length - 10} more: --format markdown/html for all`);
    for (const c of fw.controls.filter((x) => x.status === 'not-checked')) expect(out).not.toContain(c.title);
  });

  it('the failing SSH security group fails 5.3 and 5.4, marked partial when their coverage is', () => {
    const r = demoReport({ frameworks: ['cis-aws-foundations-5.0'], rule: ['ec2-no-ssh-ingress'] });
    const out = renderTerminal(r, { color: false, width: 200 });
    for (const id of ['5.3', '5.4']) {
      const c = r.frameworks[0]!.controls.find((x) => x.control === id)!;
      expect(c.status).toBe('fail');
      expect(out).toContain(`    ✗ FAIL ${id} ${c.coverage === 'partial' ? '(partial) ' : ''}${c.title}`);
    }
    expect(out).not.toContain('more: --format markdown/html');
  });

  it('a framework with no control checked says so, never a score', () => {
    const r = structuredClone(cis);
    const f = r.frameworks[0]!;
    f.summary = { ...f.summary, passed: 0, failed: 0, warned: 0, incomplete: 0, info: 0, notApplicable: 0, partiallyCovered: 0, notChecked: f.summary.controls, score: null };
    f.controls = f.controls.map((c) => ({ ...c, status: 'not-checked', coverage: null, notCheckedReason: 'rules-not-run', rules: [] }));
    const out = renderTerminal(r, { color: false, width: 200 });
    expect(out).toMatch(/not checked \(of 63\) · no control checked$/m);
    expect(out).not.toMatch(/score over/);
    expect(out).toContain('63 controls not checked by aws-tips');
  });

  it('--quiet keeps it to the summary line', () => {
    const out = renderTerminal(cis, { color: false, width: 200, quiet: true });
    expect(out).toContain('Compliance: CIS Amazon Web Services Foundations Benchmark 5.0.0');
    expect(out).toMatch(/^ {2}Controls {2}1 passed, 18 failed/m);
    expect(out).not.toMatch(/^ {4}✗ FAIL/m);
    expect(out).not.toContain('not checked by aws-tips');
  });

  it.each([60, 80])('fits %i columns, titles cut; colours only with colour on', (width) => {
    for (const color of [false, true]) {
      const out = renderTerminal(cis, { color, width });
      const block = out.slice(out.indexOf('Compliance:')).split('\n');
      expect(block.filter((l) => plain(l).length > width)).toEqual([]);
      expect(out.includes('\u001b[')).toBe(color);
    }
    expect(renderTerminal(cis, { color: false, width })).toMatch(/^ {4}✗ FAIL \S+ .*…$/m);
  });
});

describe('terminal: an organization of several accounts', () => {
  const org = orgReport();
  const out = renderTerminal(org, { color: false, width: 120 });
  const block = (text: string) => text.slice(text.indexOf('Accounts ('), text.indexOf('\n\n', text.indexOf('Accounts (')));

  it('after the summary, one line per account worst first: the unreachable one first with its error, then by violations', () => {
    expect(out.indexOf('Accounts (3, worst first)')).toBeGreaterThan(out.indexOf('Summary'));
    const lines = block(out).split('\n').slice(1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^  ${UNREACHABLE} +not audited: AccessDenied: not authorized to perform sts:AssumeRole$`));
    const [prod, sandbox] = [org.accounts.find((a) => a.id === WORST)!, org.accounts.find((a) => a.id === CLEAN)!];
    expect(prod.violations).toBeGreaterThan(sandbox.violations);
    expect(lines[1]).toMatch(new RegExp(`^  ${WORST} prod +${prod.score}/100 +${prod.violations} violations, ${prod.findings.fail} fail, ${prod.findings.warn} warn, ${prod.findings.error} error$`));
    expect(lines[2]).toMatch(new RegExp(`^  ${CLEAN} sandbox +${sandbox.score}/100 +${sandbox.violations} violations, `));
    expect(out.split('\n')[0]).toContain('3 accounts');
  });

  it('equal violations: the lower score first; an incomplete account says so', () => {
    const r = structuredClone(org);
    r.accounts = r.accounts.map((a) => ({ ...a, error: null, violations: 5, incomplete: a.id === WORST }));
    r.accounts.find((a) => a.id === UNREACHABLE)!.score = 10;
    const lines = block(renderTerminal(r, { color: false, width: 120 })).split('\n').slice(1);
    expect(lines[0]).toMatch(new RegExp(`^  ${UNREACHABLE} +10/100 `));
    const rest = [WORST, CLEAN].sort((a, b) => r.accounts.find((x) => x.id === a)!.score! - r.accounts.find((x) => x.id === b)!.score!);
    expect(lines.slice(1).map((l) => l.trim().split(' ')[0])).toEqual(rest);
    expect(lines.find((l) => l.includes(WORST))).toMatch(/ · incomplete$/);
    expect(lines.find((l) => l.includes(CLEAN))).not.toContain('incomplete');
  });

  it('findings name their account (fix first, sections, what could not be checked)', () => {
    expect(out).toMatch(new RegExp(`^  1\\. +FAIL CRIT iam-mfa-enabled (${WORST}|${CLEAN}) \\[global\\]`, 'm'));
    const ssh = org.findings.find((f) => f.ruleId === 'ec2-no-ssh-ingress' && f.status === 'fail')!;
    expect(out).toMatch(new RegExp(`^    FAIL  HIGH ${ssh.account}( ${ssh.resource.id})? \\[${ssh.resource.region}\\] .*${ssh.resource.id}`, 'm'));
    expect(out).toMatch(new RegExp(`^  [a-z0-9-]+ \\(${UNREACHABLE} global\\): not checked`, 'm'));
  });

  it('past 15 accounts, the rest counted, with where to see them all', () => {
    const r = structuredClone(org);
    r.accounts = Array.from({ length: 40 }, (_, i) => ({ ...org.accounts[1]!, id: String(100000000000 + i), name: null, violations: i }));
    const text = renderTerminal(r, { color: false, width: 120 });
    const lines = block(text).split('\n');
    expect(lines[0]).toBe('Accounts (40, worst first)');
    expect(lines).toHaveLength(1 + 15 + 1);
    expect(lines[1]).toMatch(/^  100000000039 /);
    expect(lines[16]).toBe('  ... and 25 more (--format markdown/html/json for all)');
  });

  it('account names are escaped', () => {
    const r = structuredClone(org);
    r.accounts[0]!.name = 'evil\u001b]0;pwned\u0007\u202e';
    const text = renderTerminal(r, { color: false, width: 120 });
    expect(text).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(text).toContain('evil\\u001b]0;pwned\\u0007');
  });

  it('a merge of several snapshot files (no one file) says snapshots, with no dangling path', () => {
    const r = structuredClone(org);
    r.source = { ...r.source, kind: 'snapshot', file: null };
    expect(renderTerminal(r, { color: false, width: 120 }).split('\n')[0]).toBe('aws-tips 0.0.0-test · 3 accounts · snapshots');
  });

  it('one account: no account block and no account on the finding lines', () => {
    const single = renderTerminal(demoReport(), { color: false, width: 120 });
    expect(single).not.toContain('Accounts (');
    expect(single).not.toMatch(/iam-mfa-enabled \d{12}/);
    expect(single.split('\n')[0]).toContain('account 111122223333');
  });
});

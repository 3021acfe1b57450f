import { describe, expect, it } from 'vitest';
import { mergeReports, MergeError } from '../../src/engine/merge.js';
import { renderJson } from '../../src/report/json.js';
import { validateReport } from '../support/report-schema.js';
import { demoReport, demoSnapshot } from '../report/demo-report.js';
import type { Report } from '../../src/engine/report.js';

/** The demo account under another id, with its instances gone when `clean` (a different verdict per account). */
function accountReport(id: string, opts: { clean?: boolean; failOn?: 'low' | 'high'; frameworks?: ['cis-aws-foundations-5.0'] } = {}): Report {
  const snapshot = demoSnapshot();
  snapshot.meta.accountId = id;
  if (opts.clean) (snapshot.ec2 as { securityGroups: unknown[] }).securityGroups = [];
  return demoReport({ snapshot, failOn: opts.failOn, frameworks: opts.frameworks });
}

const strip = (r: Report) => ({ ...r, generatedAt: '' });

describe('mergeReports', () => {
  const a = accountReport('111111111111');
  const b = accountReport('222222222222', { clean: true });
  const c = accountReport('333333333333');

  it('lists every account with its own score, pools the organization score, sums counts and violations', () => {
    const org = mergeReports([c, a, b]);
    validateReport(JSON.parse(renderJson(org)));
    expect(org.accounts.map((x) => x.id)).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(org.accounts[1]!.score).not.toBe(org.accounts[0]!.score);
    expect(org.summary.violations).toBe(a.summary.violations + b.summary.violations + c.summary.violations);
    expect(org.summary.findings.fail).toBe(a.summary.findings.fail + b.summary.findings.fail + c.summary.findings.fail);
    expect(org.findings.map((f) => f.account)).toEqual([...a.findings, ...b.findings, ...c.findings].map((f) => f.account));
    // Pooled, not averaged: between the best and the worst account.
    const scores = org.accounts.map((x) => x.score!);
    expect(org.score.overall!).toBeGreaterThanOrEqual(Math.min(...scores));
    expect(org.score.overall!).toBeLessThanOrEqual(Math.max(...scores));
    expect(org.summary.exitCode).toBe(1);
    // One account alone merges to itself.
    expect(strip(mergeReports([a]))).toEqual(strip(a));
  });

  it('is associative: shards merged in any grouping give the unsharded report', () => {
    const all = mergeReports([a, b, c]);
    expect(strip(mergeReports([mergeReports([a, c]), b]))).toEqual(strip(all));
    expect(strip(mergeReports([b, mergeReports([c, a])]))).toEqual(strip(all));
  });

  it('recomputes the per-control view over the organization', () => {
    const fa = accountReport('111111111111', { frameworks: ['cis-aws-foundations-5.0'] });
    const fb = accountReport('222222222222', { clean: true, frameworks: ['cis-aws-foundations-5.0'] });
    const control = (r: Report, id: string) => r.frameworks[0]!.controls.find((x) => x.control === id)!;
    expect(control(fb, '5.5').status).not.toBe('fail');
    const org = mergeReports([fa, fb]);
    expect(control(org, '5.5').status).toBe('fail');
    expect(control(org, '5.5').counts.fail).toBe(control(fa, '5.5').counts.fail + control(fb, '5.5').counts.fail);
  });

  it('refuses parts that cannot be compared: an account twice, another gate, other frameworks', () => {
    expect(() => mergeReports([a, a])).toThrow(MergeError);
    expect(() => mergeReports([a, a])).toThrow(/account 111111111111 is in two of the reports/);
    expect(() => mergeReports([a, accountReport('444444444444', { failOn: 'high' })])).toThrow(/--fail-on low and high/);
    expect(() => mergeReports([a, accountReport('444444444444', { frameworks: ['cis-aws-foundations-5.0'] })])).toThrow(/--framework/);
    expect(() => mergeReports([])).toThrow(/no report/);
  });
});

import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { reportErrors, validateReport } from '../support/report-schema.js';
import { demoReport } from './demo-report.js';

describe('schema/report.schema.json', () => {
  const report = demoReport();

  it('validates the demo report as --format json writes it', () => {
    validateReport(JSON.parse(renderJson(report)));
  });

  it('validates a report with suppressions (used, unused, expired) and a baseline', () => {
    const fail = report.findings.find((f) => f.status === 'fail')!;
    const base = structuredClone(report);
    base.findings = base.findings.filter((f) => !(f.ruleId === fail.ruleId && f.resource.arn === fail.resource.arn));
    base.findings.push({ ...fail, key: 'f'.repeat(32), resource: { ...fail.resource, arn: `${fail.resource.arn}-gone`, id: 'gone' } });
    const r = demoReport({
      minScore: 90,
      baseline: base,
      suppressions: [
        { rule: fail.ruleId, resource: fail.resource.arn, reason: 'accepted', expires: '2099-01-01' },
        { rule: '*', resource: 'arn:aws:nothing:*', reason: 'stale' },
        { rule: '*', resource: '*', reason: 'too old', expires: '2001-01-01', region: 'eu-west-1', tags: { env: 'prod' } },
      ],
    });
    expect(r.suppressions.map((s) => s.status)).toEqual(['used', 'unused', 'expired']);
    expect(r.baseline!.counts.fixed).toBe(1);
    validateReport(JSON.parse(renderJson(r)));
  });

  it('rejects what is not a report (the check can fail)', () => {
    const json = JSON.parse(renderJson(report));
    expect(reportErrors({ ...json, findings: [{ ...json.findings[0], status: 'maybe' }] }).join()).toMatch(/status/);
    const { notChecked: _n, ...missing } = json;
    expect(reportErrors(missing).join()).toMatch(/notChecked/);
    expect(reportErrors({ ...json, extra: 1 }).join()).toMatch(/additional/);
  });

  it('checks the key order the README promises', () => {
    const json = JSON.parse(renderJson(report));
    const { ruleId, ...rest } = json.findings[0];
    const reordered = { ...json, findings: [{ ...rest, ruleId }, ...json.findings.slice(1)] };
    expect(reportErrors(reordered).join()).toMatch(/\/findings\/0: keys .* should come as key, account, ruleId/);
  });
});

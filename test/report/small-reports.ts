import type { Report } from '../../src/engine/report.js';
import { demoReport, hostileReport, invisibleReport } from './demo-report.js';
import { orgReport } from './org-report.js';

/** The demo's report against a baseline that lacks one failure and one warning and holds a finding since fixed. */
function withBaseline(): Report {
  const plain = demoReport();
  const base = structuredClone(plain);
  const fail = base.findings.find((f) => f.status === 'fail')!;
  const warn = base.findings.find((f) => f.status === 'warn')!;
  base.findings = base.findings.filter((f) => f !== fail && f !== warn);
  base.findings.push({ ...fail, key: 'f'.repeat(32), resource: { ...fail.resource, arn: 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-gone', id: 'sg-gone' } });
  return demoReport({ baseline: base });
}

/** Small reports of every shape the renderers know: hostile strings, invisible characters, an organization, frameworks, a baseline. */
export const SMALL_REPORTS: [string, () => Report][] = [
  ['demo', () => demoReport()],
  ['hostile', () => hostileReport(demoReport())],
  ['invisible', () => invisibleReport(demoReport())],
  ['organization', () => orgReport()],
  ['frameworks', () => demoReport({ frameworks: ['cis-aws-foundations-5.0'] })],
  ['baseline', withBaseline],
  ['min score, fail on high', () => demoReport({ minScore: 90, failOn: 'high' })],
  ['empty', () => ({ ...demoReport(), findings: [], notChecked: [] })],
];

import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/report/terminal.js';
import { demoReport } from './demo-report.js';

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
    base.findings.push({ ...fail, resource: { ...fail.resource, arn: 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-gone', id: 'sg-gone' } });
    const out = renderTerminal(demoReport({ baseline: base }), { color: false, width: 200 });
    expect(out).toMatch(/Baseline  baseline\.json: \d+ new, \d+ unchanged, 1 fixed/);
    expect(out).toMatch(new RegExp(`\\[new\\] .*${fail.resource.id}`));
    expect(out).toMatch(/fixed ec2-no-ssh-ingress sg-gone/);
  });
});

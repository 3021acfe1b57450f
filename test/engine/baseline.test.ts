import { describe, expect, it } from 'vitest';
import { compareBaseline, parseBaseline, type BaselineReport, type ComparableFinding } from '../../src/engine/baseline.js';
import { findingKey } from '../../src/engine/finding-key.js';

/** A finding whose message id follows its status (as a rule's would) and whose subject is given. */
const f = (ruleId: string, id: string, status: ComparableFinding['status'] = 'fail', message = `${id} is bad`, region = 'eu-west-1', subject = ''): ComparableFinding => ({
  key: findingKey('1', ruleId, `arn:aws:ec2:${region}:1:instance/${id}`, status, subject),
  account: '1',
  ruleId,
  status,
  severity: 'high',
  resource: { arn: `arn:aws:ec2:${region}:1:instance/${id}`, region, id },
  message,
});
const baseline = (findings: ComparableFinding[]): BaselineReport => ({ schemaVersion: 2, tool: { name: 'aws-tips' }, generatedAt: '2026-10-01T00:00:00Z', findings });
const scope = { account: '1', rules: ['r1', 'r2'], regions: ['eu-west-1', 'us-east-1'] };

describe('compareBaseline', () => {
  it('marks findings absent from the baseline as new, the others unchanged, and lists the fixed ones', () => {
    const cur = [f('r1', 'a'), f('r1', 'b'), f('r1', 'c', 'pass'), f('r2', 'a', 'warn')];
    const base = baseline([f('r1', 'a'), f('r1', 'gone'), f('r2', 'a', 'warn'), f('r1', 'c', 'fail')]);
    const r = compareBaseline(cur, base, scope);
    expect(r.states).toEqual(['unchanged', 'new', null, 'unchanged']);
    expect(r.fixed.map((x) => x.resource.id)).toEqual(['gone', 'c']);
    expect(r.counts).toEqual({ new: 1, unchanged: 2, fixed: 2 });
  });

  it('identifies a finding by its key (rule, ARN, message id, subject), not by its message', () => {
    const r = compareBaseline([f('r1', 'a', 'fail', 'a: key is 91 days old')], baseline([f('r1', 'a', 'fail', 'a: key is 90 days old')]), scope);
    expect(r.states).toEqual(['unchanged']);
    // Same resource, other status: the warn became a fail (new), the warn is gone (fixed).
    const r2 = compareBaseline([f('r1', 'a', 'fail')], baseline([f('r1', 'a', 'warn')]), scope);
    expect(r2.states).toEqual(['new']);
    expect(r2.fixed).toHaveLength(1);
  });

  it('tells findings on one resource apart by subject: a new exposure on a baselined group is new', () => {
    const tcp22 = f('r1', 'sg', 'fail', 'open to 0.0.0.0/0 on 22', 'eu-west-1', 'tcp/22 0.0.0.0/0');
    const tcp5432 = f('r1', 'sg', 'fail', 'open to 0.0.0.0/0 on 5432', 'eu-west-1', 'tcp/5432 0.0.0.0/0');
    const r = compareBaseline([tcp5432], baseline([tcp22]), scope);
    expect(r.states).toEqual(['new']);
    expect(r.fixed.map((x) => x.message)).toEqual(['open to 0.0.0.0/0 on 22']);
    const both = compareBaseline([tcp22, tcp5432], baseline([tcp22]), scope);
    expect(both.states).toEqual(['unchanged', 'new']);
  });

  it('does not call fixed what this audit did not look at (other rules, regions, or data it could not read)', () => {
    const base = baseline([f('r9', 'a'), f('r1', 'b', 'fail', 'x', 'ap-south-1'), f('r1', 'c'), f('r2', 'd', 'fail', 'x', 'us-east-1'), f('r1', 'g', 'fail', 'x', 'global')]);
    const cur = [f('r1', 'acct', 'error', 'not checked: AccessDenied')];
    const r = compareBaseline(cur, base, scope);
    expect(r.fixed.map((x) => x.resource.id)).toEqual(['d', 'g']);
    expect(r.states).toEqual([null]);
  });

  it('validates a baseline file', () => {
    expect(parseBaseline(baseline([f('r1', 'a')])).findings).toHaveLength(1);
    expect(() => parseBaseline({ hello: 'world' })).toThrow(/not an aws-tips report: schemaVersion/);
    expect(() => parseBaseline({ ...baseline([]), tool: { name: 'other' } })).toThrow(/tool\.name/);
    expect(() => parseBaseline(baseline([{ ...f('r1', 'a'), status: 'bad' as 'fail' }]))).toThrow(/findings\[0\]\.status/);
    expect(() => parseBaseline([])).toThrow(/not an aws-tips report/);
    expect(() => parseBaseline(baseline([{ ...f('r1', 'a'), key: 'x' }]))).toThrow(/findings\[0\]\.key/);
  });

  it('refuses a report of schema 1 (no finding keys) with a line that says why', () => {
    expect(() => parseBaseline({ ...baseline([]), schemaVersion: 1 })).toThrow(/older aws-tips \(report schemaVersion 1\).*make a new baseline/);
  });

  it('compares account by account: another account\'s finding is neither unchanged nor fixed here', () => {
    const other = { ...f('r1', 'a'), account: '2', key: findingKey('2', 'r1', 'arn:aws:ec2:eu-west-1:2:instance/a', 'fail', '') };
    const r = compareBaseline([f('r1', 'a')], baseline([other]), scope);
    expect(r.states).toEqual(['new']);
    expect(r.fixed).toEqual([]);
    expect(compareBaseline([], baseline([other]), { ...scope, account: '2' }).fixed.map((x) => x.account)).toEqual(['2']);
  });

  it('reads a single-account report of schema 2: its findings belong to the account it names', () => {
    const { account: _a, ...old } = f('r1', 'a');
    const parsed = parseBaseline({ ...baseline([old as ComparableFinding]), account: { id: '1', partition: 'aws' } });
    expect(parsed.findings[0]!.account).toBe('1');
    expect(compareBaseline([f('r1', 'a')], parsed, scope).states).toEqual(['unchanged']);
  });
});

import { describe, expect, it } from 'vitest';
import { configSchema, type Suppression } from '../../src/config/schema.js';
import { applySuppressions, expiryDate, isExpired, type SuppressibleFinding } from '../../src/engine/suppress.js';

const NOW = new Date('2026-11-02T08:00:00Z');
const sup = (s: Partial<Suppression> & { rule: string }): Suppression => ({ resource: '*', reason: 'accepted', ...s });
const sg = (id: string, extra: Partial<SuppressibleFinding> = {}, region = 'eu-west-1', tags?: Record<string, string>): SuppressibleFinding => ({
  key: `${id}-key`.padEnd(32, '0'),
  account: '111122223333',
  ruleId: 'ec2-no-ssh-ingress',
  status: 'fail',
  resource: { arn: `arn:aws:ec2:${region}:111122223333:security-group/${id}`, region, ...(tags ? { tags } : {}) },
  ...extra,
});

describe('applySuppressions', () => {
  it('matches the issue example: ARN glob where * crosses ":" and "/"', () => {
    const s = sup({ rule: 'ec2-no-ssh-ingress', resource: 'arn:aws:ec2:*:*:security-group/sg-0abc*', reason: 'bastion host, approved in SEC-123', expires: '2027-01-31' });
    const r = applySuppressions([sg('sg-0abc123'), sg('sg-0abd999'), sg('sg-0abc9', {}, 'us-east-1')], [s], NOW);
    expect(r.applied).toEqual([
      { reason: 'bastion host, approved in SEC-123', expires: '2027-01-31' },
      null,
      { reason: 'bastion host, approved in SEC-123', expires: '2027-01-31' },
    ]);
    expect(r.suppressions[0]).toMatchObject({ status: 'used', matched: 2 });
    // A bare * matches any ARN, slashes and colons included.
    expect(applySuppressions([sg('x')], [sup({ rule: '*', resource: 'arn:aws:ec2:*' })], NOW).applied[0]).not.toBeNull();
    expect(applySuppressions([{ ...sg('x'), resource: { arn: 'arn:aws:iam::1:user/ops/alice', region: 'global' } }], [sup({ rule: '*', resource: 'arn:aws:iam::*:user/*' })], NOW).applied[0]).not.toBeNull();
  });

  it('matches the rule by id, "*" or a glob', () => {
    const f = [sg('a'), { ...sg('b'), ruleId: 'ec2-sg-no-world-ingress' }, { ...sg('c'), ruleId: 'iam-mfa-enabled' }];
    const on = (rule: string) => applySuppressions(f, [sup({ rule })], NOW).applied.map((x) => x !== null);
    expect(on('ec2-no-ssh-ingress')).toEqual([true, false, false]);
    expect(on('*')).toEqual([true, true, true]);
    expect(on('ec2-*')).toEqual([true, true, false]);
  });

  it('narrows by region and by tags (every listed tag must match)', () => {
    const f = [sg('a', {}, 'eu-west-1', { Role: 'bastion', env: 'prod' }), sg('b', {}, 'us-east-1', { Role: 'bastion' }), sg('c', {}, 'eu-west-1', { Role: 'web' }), sg('d', {}, 'eu-west-1')];
    const applied = (s: Suppression) => applySuppressions(f, [s], NOW).applied.map((x) => x !== null);
    expect(applied(sup({ rule: '*', region: 'eu-west-1' }))).toEqual([true, false, true, true]);
    expect(applied(sup({ rule: '*', tags: { Role: 'bastion' } }))).toEqual([true, true, false, false]);
    expect(applied(sup({ rule: '*', region: 'eu-west-1', tags: { Role: 'bastion' } }))).toEqual([true, false, false, false]);
    expect(applied(sup({ rule: '*', tags: { Role: 'bastion', env: 'prod' } }))).toEqual([true, false, false, false]);
    expect(applied(sup({ rule: '*', tags: { Role: 'b*' } }))).toEqual([true, true, false, false]);
  });

  it('narrows by account (ids or globs): an organization accepts a risk only where it is accepted', () => {
    const f = [sg('a'), sg('b', { account: '222222222222' }), sg('c', { account: '333333333333' })];
    const applied = (s: Suppression) => applySuppressions(f, [s], NOW).applied.map((x) => x !== null);
    expect(applied(sup({ rule: '*', accounts: ['222222222222'] }))).toEqual([false, true, false]);
    expect(applied(sup({ rule: '*', accounts: ['111*', '333333333333'] }))).toEqual([true, false, true]);
    expect(applySuppressions(f, [sup({ rule: '*', accounts: ['4*'] })], NOW).suppressions[0]).toMatchObject({ status: 'unused', accounts: ['4*'] });
    expect(configSchema.safeParse({ suppressions: [{ rule: '*', reason: 'x', accounts: [] }] }).success).toBe(false);
  });

  it('suppresses only fail and warn findings', () => {
    const f = (['fail', 'warn', 'pass', 'info', 'error'] as const).map((status) => sg('a', { status }));
    expect(applySuppressions(f, [sup({ rule: '*' })], NOW).applied.map((x) => x !== null)).toEqual([true, true, false, false, false]);
    expect(applySuppressions([sg('a', { status: 'pass' })], [sup({ rule: '*' })], NOW).suppressions[0]!.status).toBe('unused');
  });

  it('an expired suppression stops suppressing and says so', () => {
    const r = applySuppressions([sg('a')], [sup({ rule: '*', expires: '2026-11-01' })], NOW);
    expect(r.applied).toEqual([null]);
    expect(r.suppressions[0]).toMatchObject({ status: 'expired', matched: 1, expires: '2026-11-01' });
    // Valid through its day (UTC).
    expect(isExpired('2026-11-02', NOW)).toBe(false);
    expect(isExpired('2026-11-01', NOW)).toBe(true);
    expect(isExpired('2026-11-01', new Date('2026-11-01T23:59:59Z'))).toBe(false);
    expect(isExpired(null, NOW)).toBe(false);
    expect(expiryDate(new Date('2027-01-31T00:00:00Z'))).toBe('2027-01-31');
    // A later suppression that still holds takes over.
    const two = applySuppressions([sg('a')], [sup({ rule: '*', expires: '2020-01-01', reason: 'old' }), sup({ rule: '*', reason: 'new' })], NOW);
    expect(two.applied[0]!.reason).toBe('new');
    expect(two.suppressions.map((s) => s.status)).toEqual(['expired', 'used']);
  });

  it('reports a suppression that matched nothing as unused, in the configured order', () => {
    const r = applySuppressions([sg('a')], [sup({ rule: 'ec2-no-ssh-ingress' }), sup({ rule: 'no-such-rule', reason: 'typo' })], NOW);
    expect(r.suppressions).toEqual([
      { rule: 'ec2-no-ssh-ingress', resource: '*', region: null, tags: null, accounts: null, key: null, reason: 'accepted', expires: null, status: 'used', matched: 1 },
      { rule: 'no-such-rule', resource: '*', region: null, tags: null, accounts: null, key: null, reason: 'typo', expires: null, status: 'unused', matched: 0 },
    ]);
  });

  it('config: a reason is required, dates must be calendar dates', () => {
    const parse = (s: unknown) => configSchema.safeParse({ suppressions: [s] });
    expect(parse({ rule: 'x', resource: 'arn:*', reason: 'ok', expires: '2027-01-31' }).success).toBe(true);
    expect(parse({ rule: 'x', resource: 'arn:*' }).success).toBe(false);
    expect(parse({ rule: 'x', reason: '   ' }).success).toBe(false);
    expect(parse({ rule: 'x', reason: 'r', expires: '2027-02-30' }).success).toBe(false);
    expect(parse({ rule: 'x', reason: 'r', expires: '31/01/2027' }).success).toBe(false);
    expect(parse({ rule: 'x', reason: 'r', until: '2027-01-31' }).success).toBe(false);
  });
});

describe('a suppression by finding key', () => {
  it('accepts exactly that finding, not another one on the same resource', () => {
    const a = sg('sg-1', { key: 'a'.repeat(32) });
    const b = sg('sg-1', { key: 'b'.repeat(32) });
    const r = applySuppressions([a, b], [sup({ rule: '*', key: 'a'.repeat(32) })], NOW);
    expect(r.applied.map((x) => x?.reason ?? null)).toEqual(['accepted', null]);
    expect(r.suppressions[0]).toMatchObject({ key: 'a'.repeat(32), status: 'used', matched: 1 });
  });

  it('is validated as a key', () => {
    expect(configSchema.safeParse({ suppressions: [{ rule: '*', key: 'nope', reason: 'x' }] }).success).toBe(false);
  });
});

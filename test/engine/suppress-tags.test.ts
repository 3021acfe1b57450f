import { describe, expect, it } from 'vitest';
import type { Suppression } from '../../src/config/schema.js';
import { applySuppressions, type SuppressibleFinding } from '../../src/engine/suppress.js';

const NOW = new Date('2026-11-02T08:00:00Z');
const finding = (id: string, tags?: Record<string, string>): SuppressibleFinding => ({
  key: '0'.repeat(32),
  account: '111122223333',
  ruleId: 'ec2-no-ssh-ingress',
  status: 'fail',
  resource: { arn: `arn:aws:ec2:eu-west-1:111122223333:security-group/${id}`, region: 'eu-west-1', ...(tags ? { tags } : {}) },
});
const applied = (findings: SuppressibleFinding[], tags: Record<string, string>) =>
  applySuppressions(findings, [{ rule: '*', resource: '*', reason: 'accepted', tags } as Suppression], NOW).applied.map((a) => a !== null);

describe('suppression tags match the resource\'s own tags only', () => {
  it('a tag named like an Object.prototype member matches only a resource that has that tag', () => {
    const findings = [finding('a', { Role: 'web' }), finding('b'), finding('c', { constructor: 'x' })];
    expect(applied(findings, { constructor: '*' })).toEqual([false, false, true]);
    expect(applied(findings, { toString: '*' })).toEqual([false, false, false]);
    expect(applied(findings, { hasOwnProperty: '*' })).toEqual([false, false, false]);
  });

  it('a tag map whose prototype carries values does not lend them to the match', () => {
    const inherited = Object.create({ Role: 'bastion' }) as Record<string, string>;
    expect(applied([finding('a', inherited)], { Role: '*' })).toEqual([false]);
  });

  it('an empty tags map never matches everything', () => {
    expect(applied([finding('a', { Role: 'web' }), finding('b')], {})).toEqual([false, false]);
  });
});

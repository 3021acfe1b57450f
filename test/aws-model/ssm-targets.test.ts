import { describe, expect, it } from 'vitest';
import { associationTargets } from '../../src/aws-model/ssm-targets.js';

const web = { InstanceId: 'i-web', Tags: [{ Key: 'Role', Value: 'web' }, { Key: 'Patch', Value: 'yes' }] };

describe('associationTargets', () => {
  it('InstanceIds: an id or * for every managed node', () => {
    expect(associationTargets({ Targets: [{ Key: 'InstanceIds', Values: ['i-web', 'i-db'] }] }, web)).toBe('match');
    expect(associationTargets({ Targets: [{ Key: 'InstanceIds', Values: ['*'] }] }, web)).toBe('match');
    expect(associationTargets({ Targets: [{ Key: 'InstanceIds', Values: ['i-db'] }] }, web)).toBe('no-match');
  });

  it('tag:<key> matches the value exactly; tag-key matches the key', () => {
    expect(associationTargets({ Targets: [{ Key: 'tag:Role', Values: ['db', 'web'] }] }, web)).toBe('match');
    expect(associationTargets({ Targets: [{ Key: 'tag:Role', Values: ['Web'] }] }, web)).toBe('no-match');
    expect(associationTargets({ Targets: [{ Key: 'tag-key', Values: ['Patch'] }] }, web)).toBe('match');
    expect(associationTargets({ Targets: [{ Key: 'tag-key', Values: ['Backup'] }] }, web)).toBe('no-match');
  });

  it('several targets must all match', () => {
    expect(associationTargets({ Targets: [{ Key: 'tag:Role', Values: ['web'] }, { Key: 'tag-key', Values: ['Patch'] }] }, web)).toBe('match');
    expect(associationTargets({ Targets: [{ Key: 'tag:Role', Values: ['web'] }, { Key: 'tag-key', Values: ['Nope'] }] }, web)).toBe('no-match');
  });

  it('the legacy InstanceId field targets one instance; no targets match nothing', () => {
    expect(associationTargets({ InstanceId: 'i-web' }, web)).toBe('match');
    expect(associationTargets({ InstanceId: 'i-db' }, web)).toBe('no-match');
    expect(associationTargets({ Targets: [] }, web)).toBe('no-match');
  });

  it('resource-group targets cannot be resolved', () => {
    expect(associationTargets({ Targets: [{ Key: 'resource-groups:Name', Values: ['prod'] }] }, web)).toBe('unresolved');
  });
});

import { describe, expect, it } from 'vitest';
import { readTags, tagDatasetOf, unreadParts, userTagKeys } from '../../src/aws-model/tags.js';
import { attachIdentity } from '../../src/engine/identity.js';
import type { DatasetKey } from '../../src/snapshot/registry.js';
import { buildSnapshot } from '../rule-tester.js';

const arn = (id: string) => `arn:aws:cloudfront::123456789012:distribution/${id}`;
function prepared(input: Parameters<typeof buildSnapshot>[1], keys: DatasetKey[]) {
  const snap = buildSnapshot(undefined, input);
  for (const k of keys) attachIdentity(snap, k);
  return snap as unknown as Record<string, Record<string, unknown>>;
}

describe('readTags', () => {
  it('reads tags from the item itself when its dataset declares a field', () => {
    const view = prepared({ ec2: { vpcs: [{ VpcId: 'vpc-1', Tags: [{ Key: 'env', Value: 'prod' }] }, { VpcId: 'vpc-2' }] } }, ['ec2.vpcs']);
    expect(readTags(view, 'ec2.vpcs')?.map((r) => r.tags)).toEqual([{ env: 'prod' }, {}]);
  });

  it('joins a tag dataset by ARN; an item with no entry there is null (not read), not "no tags"', () => {
    const view = prepared(
      {
        cloudfront: {
          distributions: [{ Id: 'E1', Region: 'global', Arn: arn('E1') }, { Id: 'E2', Region: 'global', Arn: arn('E2') }, { Id: 'E3', Region: 'global', Arn: arn('E3') }],
          distributionTags: [{ Id: 'E1', Tags: [{ Key: 'owner', Value: 'a' }], Region: 'global', Arn: arn('E1') }, { Id: 'E2', Tags: [], Region: 'global', Arn: arn('E2') }],
        },
      },
      ['cloudfront.distributions', 'cloudfront.distributionTags'],
    );
    expect(readTags(view, 'cloudfront.distributions')?.map((r) => [r.item.Id, r.tags])).toEqual([['E1', { owner: 'a' }], ['E2', {}], ['E3', null]]);
  });

  it('a tag dataset absent from the view leaves every item unread; an absent item dataset is undefined', () => {
    const view = prepared({ cloudfront: { distributions: [{ Id: 'E1', Region: 'global', Arn: arn('E1') }] } }, ['cloudfront.distributions']);
    expect(readTags(view, 'cloudfront.distributions')?.map((r) => r.tags)).toEqual([null]);
    expect(readTags(view, 'emr.clusters')).toBeUndefined();
  });

  it('knows which datasets carry tags of their own', () => {
    expect(tagDatasetOf('iam.roles')).toBe('iam.roleTags');
    expect(tagDatasetOf('ec2.instances')).toBeUndefined();
  });
});

describe('userTagKeys', () => {
  it('leaves out aws: keys', () => {
    expect(userTagKeys({ 'aws:cloudformation:stack-name': 's', Name: 'web', awsome: 'x' })).toEqual(['Name', 'awsome']);
  });
});

describe('unreadParts', () => {
  const ctx = (failed: { dataset: string; region: string; resource?: string }[]) => ({
    meta: { regions: ['us-east-1', 'eu-west-1'] } as never,
    unavailable: (d: string, r: string) => failed.some((e) => e.dataset === d && !e.resource && (e.region === r || e.region === 'global' || r === 'global')),
    incomplete: (d: string) => failed.some((e) => e.dataset === d),
  });
  const view = { cloudwatch: { alarms: [], alarmTags: [] }, cloudfront: { distributions: [], distributionTags: undefined } };

  it('names the regions where a regional list failed, and whether tag reads failed anywhere', () => {
    expect(unreadParts(view, 'cloudwatch.alarms', ctx([{ dataset: 'cloudwatch.alarms', region: 'eu-west-1' }]))).toEqual({ regions: ['eu-west-1'], tagsFailed: false });
    expect(unreadParts(view, 'cloudwatch.alarms', ctx([{ dataset: 'cloudwatch.alarmTags', region: 'us-east-1', resource: 'arn:x' }]))).toEqual({ regions: [], tagsFailed: true });
  });

  it('a global list is one region, "global"; a tag dataset not in the snapshot counts as failed', () => {
    expect(unreadParts(view, 'cloudfront.distributions', ctx([{ dataset: 'cloudfront.distributions', region: 'global' }]))).toEqual({ regions: ['global'], tagsFailed: true });
  });
});

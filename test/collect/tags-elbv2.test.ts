import { DescribeTagsCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const elbv2 = mockClient(ElasticLoadBalancingV2Client);
beforeEach(() => elbv2.reset());
afterEach(() => elbv2.reset());

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const tgArn = (i: number) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/tg-${i}/${String(i).padStart(16, '0')}`;

describe('elbv2.targetGroupTags', () => {
  it('asks DescribeTags for at most 20 target groups a call (25: 2 calls) and joins by ARN', async () => {
    const arns = Array.from({ length: 25 }, (_, i) => tgArn(i));
    elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: arns.map((TargetGroupArn, i) => ({ TargetGroupArn, TargetGroupName: `tg-${i}` })) });
    const batches: string[][] = [];
    elbv2.on(DescribeTagsCommand).callsFake(async (input: { ResourceArns: string[] }) => {
      batches.push([...input.ResourceArns]);
      return { TagDescriptions: input.ResourceArns.map((ResourceArn, i) => ({ ResourceArn, Tags: i % 2 ? [] : [{ Key: 'Role', Value: 'bastion' }] })) };
    });
    const snap = await collectWith(['elbv2.targetGroupTags']);
    const { targetGroupTags, errors } = snap.elbv2 as Slice;
    expect(errors).toEqual([]);
    expect(batches.map((b) => b.length)).toEqual([20, 5]);
    expect(targetGroupTags).toHaveLength(25);
    expect(targetGroupTags![0]).toEqual({ ResourceArn: arns[0], Tags: [{ Key: 'Role', Value: 'bastion' }], Region: 'us-east-1', Arn: arns[0] });
    expect(targetGroupTags![1]).toEqual({ ResourceArn: arns[1], Tags: [], Region: 'us-east-1', Arn: arns[1] });
  });

  it('a denied batch is a collection error per target group; the other batches are kept', async () => {
    const arns = Array.from({ length: 21 }, (_, i) => tgArn(i));
    elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: arns.map((TargetGroupArn) => ({ TargetGroupArn })) });
    elbv2
      .on(DescribeTagsCommand)
      .callsFake(async (input: { ResourceArns: string[] }) => {
        if (input.ResourceArns.length === 1) throw awsError('AccessDenied', 'not allowed');
        return { TagDescriptions: input.ResourceArns.map((ResourceArn) => ({ ResourceArn, Tags: [] })) };
      });
    const snap = await collectWith(['elbv2.targetGroupTags']);
    const { targetGroupTags, errors } = snap.elbv2 as Slice;
    expect(targetGroupTags).toHaveLength(20);
    expect(errors).toEqual([
      expect.objectContaining({ dataset: 'elbv2.targetGroupTags', region: 'us-east-1', code: 'AccessDenied', resource: arns[20] }),
    ]);
  });

  it('makes no DescribeTags call without target groups', async () => {
    elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [] });
    const snap = await collectWith(['elbv2.targetGroupTags']);
    expect((snap.elbv2 as Slice).targetGroupTags).toEqual([]);
    expect(elbv2.commandCalls(DescribeTagsCommand)).toHaveLength(0);
  });
});

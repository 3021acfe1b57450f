import {
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, awsError, collectWith } from './harness.js';

const ec = mockClient(ElastiCacheClient);
beforeEach(() => ec.reset());
afterEach(() => ec.reset());

type Slice = Record<string, Record<string, unknown>[]> & { errors: Record<string, unknown>[] };
const clusterArn = (id: string) => `arn:aws:elasticache:us-east-1:${ACCOUNT}:cluster:${id}`;
const groupArn = (id: string) => `arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:${id}`;

describe('elasticache tag datasets', () => {
  it('cacheClusterTags: one ListTagsForResource per cluster, by ARN; a deleted cluster is left out, a denied one is an error naming it', async () => {
    ec.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: ['bastion', 'web', 'gone', 'denied'].map((id) => ({ CacheClusterId: id, ARN: clusterArn(id) })),
    });
    ec.on(ListTagsForResourceCommand, { ResourceName: clusterArn('bastion') }).resolves({ TagList: [{ Key: 'Role', Value: 'bastion' }] })
      .on(ListTagsForResourceCommand, { ResourceName: clusterArn('web') }).resolves({})
      .on(ListTagsForResourceCommand, { ResourceName: clusterArn('gone') }).rejects(awsError('CacheClusterNotFound'))
      .on(ListTagsForResourceCommand, { ResourceName: clusterArn('denied') }).rejects(awsError('AccessDenied', 'no'));
    const snap = await collectWith(['elasticache.cacheClusterTags']);
    const { cacheClusterTags, errors } = snap.elasticache as Slice;
    expect(cacheClusterTags).toEqual([
      { CacheClusterId: 'bastion', Tags: [{ Key: 'Role', Value: 'bastion' }], Region: 'us-east-1', Arn: clusterArn('bastion') },
      { CacheClusterId: 'web', Tags: [], Region: 'us-east-1', Arn: clusterArn('web') },
    ]);
    expect(errors).toEqual([
      expect.objectContaining({ dataset: 'elasticache.cacheClusterTags', operation: 'elasticache:ListTagsForResource', code: 'AccessDenied', resource: clusterArn('denied') }),
    ]);
    expect(ec.commandCalls(ListTagsForResourceCommand)).toHaveLength(4);
  });

  it('replicationGroupTags: one ListTagsForResource per replication group', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'orders', ARN: groupArn('orders') }] });
    ec.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'Role', Value: 'bastion' }] });
    const snap = await collectWith(['elasticache.replicationGroupTags']);
    const { replicationGroupTags, errors } = snap.elasticache as Slice;
    expect(errors).toEqual([]);
    expect(replicationGroupTags).toEqual([
      { ReplicationGroupId: 'orders', Tags: [{ Key: 'Role', Value: 'bastion' }], Region: 'us-east-1', Arn: groupArn('orders') },
    ]);
    expect(ec.commandCalls(ListTagsForResourceCommand)[0]!.args[0].input).toEqual({ ResourceName: groupArn('orders') });
  });
});

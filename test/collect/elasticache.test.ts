import {
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awsError, collectWith } from './harness.js';

const ec = mockClient(ElastiCacheClient);

beforeEach(() => ec.reset());
afterEach(() => ec.reset());

describe('elasticache collectors', () => {
  it('collects cache clusters with node info across two pages', async () => {
    ec.on(DescribeCacheClustersCommand, { Marker: undefined })
      .resolves({
        CacheClusters: [
          {
            CacheClusterId: 'sessions',
            ARN: 'arn:aws:elasticache:us-east-1:123456789012:cluster:sessions',
            Engine: 'memcached',
            NumCacheNodes: 12,
            ConfigurationEndpoint: { Address: 'sessions.abc123.cfg.use1.cache.amazonaws.com', Port: 11211 },
            CacheNodes: [{ CacheNodeId: '0012', Endpoint: { Address: 'sessions.abc123.0012.use1.cache.amazonaws.com', Port: 11211 } }],
          },
        ],
        Marker: 'next',
      })
      .on(DescribeCacheClustersCommand, { Marker: 'next' })
      .resolves({ CacheClusters: [{ CacheClusterId: 'orders-001', Engine: 'redis', ReplicationGroupId: 'orders', NumCacheNodes: 1 }] });
    const snap = await collectWith(['elasticache.cacheClusters']);
    const items = (snap.elasticache as { cacheClusters: Record<string, unknown>[] }).cacheClusters;
    expect(items.map((c) => c.CacheClusterId)).toEqual(['sessions', 'orders-001']);
    expect(items[1]).toMatchObject({ Arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:orders-001', Region: 'us-east-1' });
    const calls = ec.commandCalls(DescribeCacheClustersCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toMatchObject({ ShowCacheNodeInfo: true, MaxRecords: 100 });
  });

  it('collects replication groups with their endpoints', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({
      ReplicationGroups: [
        {
          ReplicationGroupId: 'orders',
          ARN: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:orders',
          ClusterEnabled: false,
          MultiAZ: 'enabled',
          AutomaticFailover: 'enabled',
          NodeGroups: [
            {
              NodeGroupId: '0001',
              PrimaryEndpoint: { Address: 'orders.abc123.ng.0001.use1.cache.amazonaws.com', Port: 6379 },
              ReaderEndpoint: { Address: 'orders-ro.abc123.ng.0001.use1.cache.amazonaws.com', Port: 6379 },
              NodeGroupMembers: [
                { CacheClusterId: 'orders-001', CacheNodeId: '0001', ReadEndpoint: { Address: 'orders-001.abc123.0001.use1.cache.amazonaws.com' }, CurrentRole: 'primary' },
              ],
            },
          ],
        },
      ],
    });
    const snap = await collectWith(['elasticache.replicationGroups']);
    const groups = (snap.elasticache as { replicationGroups: Record<string, unknown>[] }).replicationGroups;
    expect(groups[0]).toMatchObject({ ReplicationGroupId: 'orders', MultiAZ: 'enabled', Arn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:orders' });
  });

  it('records AccessDenied as a collection error, not an empty list', async () => {
    ec.on(DescribeReplicationGroupsCommand).rejects(awsError('AccessDenied'));
    const snap = await collectWith(['elasticache.replicationGroups']);
    const slice = snap.elasticache as { replicationGroups?: unknown[]; errors: Record<string, unknown>[] };
    expect(slice.errors).toEqual([expect.objectContaining({ dataset: 'elasticache.replicationGroups', region: 'us-east-1', code: 'AccessDenied' })]);
    // A regional dataset keeps the regions that worked (none here): the error makes rules report `error`.
    expect(slice.replicationGroups).toEqual([]);
  });
});

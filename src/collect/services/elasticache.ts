import {
  ElastiCacheClient,
  paginateDescribeCacheClusters,
  paginateDescribeReplicationGroups,
} from '@aws-sdk/client-elasticache';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, blankToUndefined } from '../util.js';

const elasticache = (ctx: CollectorContext) => ctx.client<ElastiCacheClient>('elasticache');
/** ElastiCache pages hold 20 to 100 records. */
const PAGE = { pageSize: 100 };

export const collectors: ServiceCollectors = {
  async cacheClusters(ctx) {
    const client = await elasticache(ctx);
    const clusters = await allPages(
      paginateDescribeCacheClusters({ client, ...PAGE }, { ShowCacheNodeInfo: true }),
      (p) => p.CacheClusters,
    );
    return clusters.map((c) => ({
      ...blankToUndefined(c, ['ReplicationGroupId']),
      CacheClusterId: c.CacheClusterId!,
      Region: ctx.region,
      Arn: c.ARN ?? ctx.arn('elasticache', `cluster:${c.CacheClusterId}`),
    }));
  },

  async replicationGroups(ctx) {
    const client = await elasticache(ctx);
    const groups = await allPages(paginateDescribeReplicationGroups({ client, ...PAGE }, {}), (p) => p.ReplicationGroups);
    return groups.map((g) => ({
      ...g,
      ReplicationGroupId: g.ReplicationGroupId!,
      Region: ctx.region,
      Arn: g.ARN ?? ctx.arn('elasticache', `replicationgroup:${g.ReplicationGroupId}`),
    }));
  },
};

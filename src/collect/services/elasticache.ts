import {
  ElastiCacheClient,
  ListTagsForResourceCommand,
  paginateDescribeCacheClusters,
  paginateDescribeReplicationGroups,
} from '@aws-sdk/client-elasticache';
import type { CollectorContext, ServiceCollectors } from '../types.js';
import { allPages, blankToUndefined, perResource } from '../util.js';

const elasticache = (ctx: CollectorContext) => ctx.client<ElastiCacheClient>('elasticache');
/** ElastiCache pages hold 20 to 100 records. */
const PAGE = { pageSize: 100 };

/** Deleted since it was listed. */
const GONE = ['CacheClusterNotFound', 'CacheClusterNotFoundFault', 'ReplicationGroupNotFoundFault', 'ReplicationGroupNotFound', 'InvalidARN', 'InvalidARNFault'];

/**
 * Tags of each resource (ListTagsForResource, one call each). A resource deleted since the listing is
 * left out; another failure spoils that resource only (a collection error names its ARN).
 */
async function tagsOf<T extends { Arn: string }>(ctx: CollectorContext, items: T[]): Promise<(T & { Tags: { Key?: string; Value?: string }[] })[]> {
  const client = await elasticache(ctx);
  return perResource(ctx, items, GONE, async (i) => {
    const { TagList = [] } = await client.send(new ListTagsForResourceCommand({ ResourceName: i.Arn }));
    return { ...i, Tags: TagList };
  }, ctx.region);
}

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

  async cacheClusterTags(ctx) {
    const clusters = await ctx.get('elasticache.cacheClusters');
    return tagsOf(ctx, clusters.map((c) => ({ CacheClusterId: c.CacheClusterId, Region: ctx.region, Arn: c.Arn })));
  },

  async replicationGroupTags(ctx) {
    const groups = await ctx.get('elasticache.replicationGroups');
    return tagsOf(ctx, groups.map((g) => ({ ReplicationGroupId: g.ReplicationGroupId, Region: ctx.region, Arn: g.Arn })));
  },
};
